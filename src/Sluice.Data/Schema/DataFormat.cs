namespace Sluice.Data.Schema;

/// <summary>The file format of a data set.</summary>
public enum DataFormat
{
    /// <summary>Chosen from the file extension: <c>.jsonl</c>/<c>.ndjson</c> are JSON Lines, anything else CSV.</summary>
    Auto,

    /// <summary>Delimiter-separated values per RFC 4180.</summary>
    Csv,

    /// <summary>One JSON object per line, keys naming the columns.</summary>
    JsonLines,
}
