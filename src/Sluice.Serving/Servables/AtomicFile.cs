namespace Sluice.Serving.Servables;

/// <summary>Writes a file so readers see either the old or the new content, never a torn one.</summary>
internal static class AtomicFile
{
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        string temp = $"{path}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }
}
