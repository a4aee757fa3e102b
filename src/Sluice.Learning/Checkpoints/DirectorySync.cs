using System.Runtime.InteropServices;

namespace Sluice.Learning.Checkpoints;

/// <summary>
/// fsyncs a directory so that a rename inside it survives a power cut (POSIX needs this; .NET has no API for it).
/// Best effort: a platform without it (Windows) keeps the rename's own guarantees.
/// </summary>
internal static partial class DirectorySync
{
    private const int ReadOnly = 0;

    public static void Flush(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        try
        {
            int fd = Open(directory, ReadOnly);
            if (fd < 0) return;
            _ = FSync(fd);
            _ = Close(fd);
        }
        catch (DllNotFoundException) { }
        catch (EntryPointNotFoundException) { }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync")]
    private static partial int FSync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
