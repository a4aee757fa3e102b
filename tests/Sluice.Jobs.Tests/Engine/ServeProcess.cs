using System.Diagnostics;
using System.Text;

namespace Sluice.Jobs.Tests.Engine;

/// <summary>A separate `sluice serve --data-dir &lt;dir&gt; --port 0` process: a model server sharing an engine's data dir (models, versions, API keys).</summary>
internal sealed class ServeProcess : IDisposable
{
    private readonly Process _process;

    private ServeProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    public static ServeProcess Start(string dataDirectory)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in (string[])[EngineProcess.SluiceDll, "serve", "--data-dir", dataDirectory, "--port", "0"]) info.ArgumentList.Add(a);
        var process = Process.Start(info)!;
        var output = new StringBuilder();
        var ready = new TaskCompletionSource<Uri>();
        const string marker = "model server at ";
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) { ready.TrySetException(new InvalidOperationException($"sluice serve exited early:\n{output}")); return; }
            lock (output) output.AppendLine(e.Data);
            int at = e.Data.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0) ready.TrySetResult(new Uri(e.Data[(at + marker.Length)..].Split(' ')[0]));
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!ready.Task.Wait(TimeSpan.FromSeconds(60))) { process.Kill(true); throw new TimeoutException($"sluice serve did not start:\n{output}"); }
        return new ServeProcess(process, ready.Task.Result);
    }

    public void Dispose()
    {
        try { if (!_process.HasExited) { _process.Kill(entireProcessTree: true); _process.WaitForExit(10_000); } }
        catch (InvalidOperationException) { }
        _process.Dispose();
    }
}
