using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Sluice.Serving.Auth;
using Sluice.Serving.State;

namespace Sluice.Jobs.Tests.Engine;

/// <summary>
/// A real `sluice engine` process (the CLI built next to the tests, run with `dotnet sluice.dll`), with an admin API
/// key in its data dir. <see cref="Cli"/> runs `sluice` commands against it the way a user would.
/// </summary>
internal sealed class EngineProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private EngineProcess(Process process, string dataDirectory, string apiKey, Uri url)
    {
        _process = process;
        DataDirectory = dataDirectory;
        ApiKey = apiKey;
        Url = url;
    }

    public static string SluiceDll => Path.Combine(AppContext.BaseDirectory, "sluice.dll");

    public string DataDirectory { get; }

    public string ApiKey { get; }

    public Uri Url { get; }

    public int Pid => _process.Id;

    public static EngineProcess Start(string dataDirectory, int slots = 2, string? apiKey = null, params string[] extra)
    {
        Directory.CreateDirectory(dataDirectory);
        apiKey ??= new ApiKeyStore(new ServerStateStore(dataDirectory)).Create("jobs-tests", null, null, admin: true).Key;
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in (string[])[SluiceDll, "engine", "--data-dir", dataDirectory, "--port", "0", "--slots", slots.ToString(), "--engine-id", "test-engine", .. extra]) info.ArgumentList.Add(a);
        var process = Process.Start(info)!;
        var output = new StringBuilder();
        var listening = new TaskCompletionSource<Uri>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) { listening.TrySetException(new InvalidOperationException($"the engine exited early:\n{output}")); return; }
            lock (output) output.AppendLine(e.Data);
            int at = e.Data.IndexOf("listening on ", StringComparison.Ordinal);
            if (at >= 0) listening.TrySetResult(new Uri(e.Data[(at + "listening on ".Length)..].Split(' ')[0]));
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!listening.Task.Wait(TimeSpan.FromSeconds(60))) { process.Kill(true); throw new TimeoutException($"the engine did not start:\n{output}"); }
        return new EngineProcess(process, dataDirectory, apiKey, listening.Task.Result);
    }

    /// <summary>SIGKILL the engine alone (its job processes are orphaned, as in a crash).</summary>
    public void Crash()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit(10_000);
    }

    /// <summary>Runs `sluice &lt;args&gt;` against this engine; returns exit code, stdout and stderr.</summary>
    public (int Code, string Out, string Err) Cli(params string[] args) => Run(Url, ApiKey, args);

    public static (int Code, string Out, string Err) Run(Uri url, string? apiKey, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(SluiceDll);
        foreach (string a in args) info.ArgumentList.Add(a);
        info.Environment["SLUICE_ENGINE_URL"] = url.ToString();
        if (apiKey is null) info.Environment.Remove("SLUICE_API_KEY");
        else info.Environment["SLUICE_API_KEY"] = apiKey;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(180_000)) { process.Kill(true); throw new TimeoutException($"sluice {string.Join(' ', args)} timed out"); }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    public JsonObject Describe(string jobId)
    {
        var (code, output, error) = Cli("jobs", "describe", jobId, "--format", "json");
        Assert.True(code == 0, $"describe {jobId}: {error}");
        return JsonNode.Parse(output)!.AsObject();
    }

    public string State(string jobId) => Describe(jobId)["state"]!.GetValue<string>();

    /// <summary>Polls until the job reaches one of <paramref name="states"/>.</summary>
    public JsonObject WaitFor(string jobId, TimeSpan timeout, params string[] states)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var job = Describe(jobId);
            if (states.Contains(job["state"]!.GetValue<string>())) return job;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{jobId} is {job["state"]} after {timeout}; wanted {string.Join("|", states)}.\n{job.ToJsonString()}");
            Thread.Sleep(300);
        }
    }

    public string Log(string jobId) => File.ReadAllText(Path.Combine(DataDirectory, "jobs", jobId, "job.log"));

    public void Dispose()
    {
        try { if (!_process.HasExited) { _process.Kill(entireProcessTree: true); _process.WaitForExit(10_000); } }
        catch (InvalidOperationException) { }
        _process.Dispose();
    }
}
