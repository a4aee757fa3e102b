namespace Sluice.Data;

/// <summary>
/// A malformed row or cell: names the file, the 1-based line where the record starts, the field (1-based position and
/// column name when known) and the offending text.
/// </summary>
public sealed class DataFormatException : Exception
{
    public DataFormatException(string file, long line, int field, string? column, string? text, string problem)
        : base(Format(file, line, field, column, text, problem))
    {
        File = file;
        Line = line;
        Field = field;
        Column = column;
        Text = text;
        Problem = problem;
    }

    /// <summary>The file (as given to the reader).</summary>
    public string File { get; }

    /// <summary>1-based line number where the offending record starts.</summary>
    public long Line { get; }

    /// <summary>1-based field position within the record (0 when the problem concerns the whole record).</summary>
    public int Field { get; }

    /// <summary>The schema column the field feeds, when known.</summary>
    public string? Column { get; }

    /// <summary>The offending text (shortened to 80 characters), when there is one.</summary>
    public string? Text { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; }

    private static string Format(string file, long line, int field, string? column, string? text, string problem)
    {
        string where = field > 0 ? $" field {field}{(column is null ? "" : $" ('{column}')")}:" : "";
        string what = text is null ? "" : $" (text: \"{text}\")";
        return $"{file}:{line}:{where} {problem}{what}";
    }
}
