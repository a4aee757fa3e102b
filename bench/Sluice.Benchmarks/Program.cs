// Benchmark commands: `dotnet run -c Release --project bench/Sluice.Benchmarks -- <suite>`.
// Each suite prints one JSON object per line so results can be pasted into docs/benchmarks.md.
Console.Error.WriteLine("usage: Sluice.Benchmarks <suite>   (suites are added as they are written)");
return 2;
