using Sluice.Events;

namespace Sluice.Board.Logdir;

/// <summary>
/// One open reader per event file of a run, each positioned after the last record read, so every refresh reads only
/// what was appended. A file that turns out corrupt or unreadable keeps what was read before the bad record, is
/// reported in <see cref="Error"/> and is not retried. Shared by the scalar and histogram views of a run; not
/// thread-safe (each owner serialises its calls).
/// </summary>
internal sealed class EventFileTails : IDisposable
{
    private readonly Dictionary<string, EventFileReader> _readers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _brokenFiles = new(StringComparer.Ordinal);

    /// <summary>Why part of the run could not be read (a corrupt or vanished event file); null when all is well.</summary>
    public string? Error { get; private set; }

    /// <summary>Calls <paramref name="read"/> with the reader of every file in <paramref name="eventFiles"/> not known to be broken.</summary>
    public void ReadAppended<TState>(IReadOnlyList<string> eventFiles, TState state, Action<EventFileReader, TState> read)
    {
        foreach (string path in eventFiles)
        {
            if (_brokenFiles.Contains(path)) continue;
            try
            {
                if (!_readers.TryGetValue(path, out EventFileReader? reader))
                {
                    reader = new EventFileReader(path);
                    _readers.Add(path, reader);
                }
                read(reader, state);
            }
            catch (EventFileCorruptException ex)
            {
                MarkBroken(path, ex.Message);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                MarkBroken(path, $"Event file '{path}' could not be read: {ex.Message}");
            }
        }
    }

    private void MarkBroken(string path, string message)
    {
        _brokenFiles.Add(path);
        if (_readers.Remove(path, out EventFileReader? reader)) reader.Dispose();
        Error = Error is null ? message : $"{Error}\n{message}";
    }

    public void Dispose()
    {
        foreach (EventFileReader reader in _readers.Values) reader.Dispose();
        _readers.Clear();
    }
}
