using Sluice.Benchmarks;
using Sluice.Benchmarks.Gemm;

// Benchmark commands: `dotnet run -c Release --project bench/Sluice.Benchmarks -- <suite> [args]`.
// Each suite lives in its own file (a static `Run(string[] args)` returning an exit code) and prints one JSON object
// per line so results can be pasted into docs/benchmarks.md. Add a suite with one line below.
var suites = new Dictionary<string, Func<string[], int>>(StringComparer.OrdinalIgnoreCase)
{
    ["gemm"] = GemmSuite.Run, ["gemm-blocking"] = GemmBlockingSuite.Run,
    ["csv"] = Sluice.Benchmarks.Data.CsvParseSuite.Run, ["stream"] = Sluice.Benchmarks.Data.StreamingSuite.Run,
    ["trainstep"] = Sluice.Benchmarks.TrainStep.TrainStepSuite.Run,
    ["census"] = Sluice.Benchmarks.Estimators.CensusSuite.Run,
    ["housing"] = Sluice.Benchmarks.Estimators.HousingSuite.Run,
    ["learning"] = Sluice.Benchmarks.Learning.LearningSuite.Run,
    ["http-latency"] = Sluice.Benchmarks.Serving.HttpLatencySuite.Run,
    [OpenBlasBaseline.SuiteName] = OpenBlasBaseline.Run, // internal: the OpenBLAS side of `gemm`, in a child process
};

if (args.Length == 0 || !suites.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: Sluice.Benchmarks <suite> [args]   suites: {string.Join(", ", suites.Keys.Where(BenchSuites.IsPublic))}");
    return 2;
}
try
{
    return run(args[1..]);
}
catch (Exception bad) when (bad is ArgumentException or FormatException)
{
    // A bad option value: say which, without a stack trace.
    Console.Error.WriteLine($"{args[0]}: {bad.Message}");
    return 2;
}
