using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Sluice.Benchmarks.Gemm;

/// <summary>A running <see cref="OpenBlasBaseline"/> child process for one core type and thread count.</summary>
internal sealed class OpenBlasChild : IDisposable
{
    private readonly Process process;

    private OpenBlasChild(Process process, string coreType)
    {
        this.process = process;
        CoreType = coreType;
    }

    public string CoreType { get; }

    public static OpenBlasChild Start(string coreType, int threads, string transpose, string[] timing)
    {
        var (fileName, arguments) = BenchSuites.SelfCommand();
        var start = new ProcessStartInfo(fileName) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        foreach (string argument in new[] { OpenBlasBaseline.SuiteName, "--threads", threads.ToString(CultureInfo.InvariantCulture),
                     "--transpose", transpose }.Concat(timing))
            start.ArgumentList.Add(argument);
        // OpenBLAS reads these when it loads, hence a child process per core type.
        start.Environment["OPENBLAS_CORETYPE"] = coreType;
        start.Environment["OPENBLAS_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture);
        start.Environment.Remove("OPENBLAS_L2_SIZE");
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the OpenBLAS child process.");
        return new OpenBlasChild(process, coreType);
    }

    /// <summary>GFLOP/s of OpenBLAS on the shape, and the kernel name OpenBLAS reports.</summary>
    public (double Gflops, string Core) Measure(GemmShape shape)
    {
        process.StandardInput.WriteLine($"{shape.M}x{shape.N}x{shape.K}");
        process.StandardInput.Flush();
        string line = process.StandardOutput.ReadLine()
            ?? throw new InvalidOperationException($"The OpenBLAS baseline ({CoreType}) exited early (code {(process.WaitForExit(5000) ? process.ExitCode : -1)}); is libopenblas0-pthread installed? Run scripts/bench-deps.sh.");
        using var json = JsonDocument.Parse(line);
        return (json.RootElement.GetProperty("gflops").GetDouble(), json.RootElement.GetProperty("core").GetString()!);
    }

    public void Dispose()
    {
        try
        {
            process.StandardInput.Close();
            if (!process.WaitForExit(10_000)) process.Kill();
        }
        finally
        {
            process.Dispose();
        }
    }
}
