namespace Sluice.Data.Schema;

/// <summary>What a reader does with a malformed row.</summary>
public enum ErrorPolicy
{
    /// <summary>Throw a <see cref="DataFormatException"/> naming file, line, field and text.</summary>
    Fail,

    /// <summary>Drop the row, count it and remember the first few locations in the read report.</summary>
    Skip,
}
