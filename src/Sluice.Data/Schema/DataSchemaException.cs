namespace Sluice.Data.Schema;

/// <summary>An invalid schema document or definition; <see cref="Path"/> is the JSON path of the bad value.</summary>
public sealed class DataSchemaException : Exception
{
    public DataSchemaException(string path, string problem, string? file = null, Exception? inner = null)
        : base($"{(file is null ? "" : file + ": ")}schema {path}: {problem}", inner)
    {
        Path = path;
        File = file;
    }

    /// <summary>The JSON path of the offending value, e.g. <c>columns[3].kind</c>.</summary>
    public string Path { get; }

    /// <summary>The schema file, when the schema was loaded from one.</summary>
    public string? File { get; }
}
