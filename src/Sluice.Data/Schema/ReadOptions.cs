namespace Sluice.Data.Schema;

/// <summary>How the bytes of a file become rows: header, delimiter, trimming, missing tokens, lines to skip.</summary>
public sealed class ReadOptions
{
    /// <summary>CSV or JSON Lines (Auto picks by extension).</summary>
    public DataFormat Format { get; set; } = DataFormat.Auto;

    /// <summary>
    /// true when the first (non-skipped) line names the columns. Columns are then matched by name, so the file may
    /// order them differently or carry extra ones. false: fields map to the schema columns in order.
    /// </summary>
    public bool Header { get; set; } = true;

    /// <summary>The field separator (one ASCII character).</summary>
    public char Delimiter { get; set; } = ',';

    /// <summary>Remove spaces and tabs around every unquoted field (the census files put a space after each comma).</summary>
    public bool TrimWhitespace { get; set; } = true;

    /// <summary>Cell texts (after trimming) that mean "missing", e.g. <c>?</c>, the empty string, <c>NA</c>.</summary>
    public List<string> MissingTokens { get; set; } = ["", "?", "NA"];

    /// <summary>Physical lines dropped at the start of the file, before the header.</summary>
    public int SkipLines { get; set; }

    /// <summary>Lines starting with this text are ignored, e.g. <c>|</c> for the census test file's first line.</summary>
    public string? CommentPrefix { get; set; }

    /// <summary>Ignore lines that are empty (both census files end with a blank line).</summary>
    public bool SkipEmptyLines { get; set; } = true;

    /// <summary>Fail on the first malformed row, or skip such rows and report them.</summary>
    public ErrorPolicy OnError { get; set; } = ErrorPolicy.Fail;

    internal ReadOptions Clone() => new()
    {
        Format = Format, Header = Header, Delimiter = Delimiter, TrimWhitespace = TrimWhitespace,
        MissingTokens = [.. MissingTokens], SkipLines = SkipLines, CommentPrefix = CommentPrefix,
        SkipEmptyLines = SkipEmptyLines, OnError = OnError,
    };
}
