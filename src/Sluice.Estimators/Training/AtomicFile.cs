namespace Sluice.Estimators.Training;

/// <summary>Small files of a model dir or bundle (JSON) written so a reader sees the old file or the new one, never a torn one.</summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="bytes"/> to a temp file beside <paramref name="path"/>, flushes to disk and renames it over.</summary>
    public static void Write(string path, ReadOnlySpan<byte> bytes)
    {
        string temp = path + $".tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }
}
