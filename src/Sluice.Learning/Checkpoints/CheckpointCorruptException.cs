namespace Sluice.Learning.Checkpoints;

/// <summary>A checkpoint file that is missing, truncated, tampered with or of an unknown format.</summary>
public sealed class CheckpointCorruptException : IOException
{
    public CheckpointCorruptException(string filePath, long offset, string problem, Exception? inner = null)
        : base($"Checkpoint {filePath} is unusable at byte {offset}: {problem}", inner)
    {
        FilePath = filePath;
        Offset = offset;
        Problem = problem;
    }

    /// <summary>The checkpoint file.</summary>
    public string FilePath { get; }

    /// <summary>The byte offset where the problem was found.</summary>
    public long Offset { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string Problem { get; }
}
