using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using Sluice.Board;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Board.Api;
using Sluice.Board.Bench;
using Sluice.Board.Logdir;

// Dashboard first-paint benchmark:
//   dotnet run -c Release --project bench/Sluice.Board.Bench -- [--runs 200] [--tags 20] [--points 5000] [--logdir DIR] [--ingest-only]
// Histograms page cost (HistogramBench.cs):
//   dotnet run -c Release --project bench/Sluice.Board.Bench -- --histograms [--runs 20] [--steps 200] [--logdir DIR]
// Generates (or reuses) a logdir, measures the ingest references, then starts a fresh board over it and times how long
// until headless Chromium draws the first chart line, how long until every run is loaded, and a page load once warm.
// Prints one JSON line (for docs/benchmarks.md) and a readable summary.
string Option(string name, string fallback)
{
    int at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
}

if (args.Contains("--histograms"))
{
    return HistogramBench.Run(
        int.Parse(Option("--runs", "20"), CultureInfo.InvariantCulture),
        int.Parse(Option("--steps", "200"), CultureInfo.InvariantCulture),
        Path.GetFullPath(Option("--logdir", Path.Combine(Path.GetTempPath(), "sluice-board-histogram-bench"))));
}

var shape = new BenchLogdir.Shape(
    int.Parse(Option("--runs", "200"), CultureInfo.InvariantCulture),
    int.Parse(Option("--tags", "20"), CultureInfo.InvariantCulture),
    int.Parse(Option("--points", "5000"), CultureInfo.InvariantCulture));
string logdir = Path.GetFullPath(Option("--logdir", Path.Combine(Path.GetTempPath(), "sluice-board-bench")));
const string Chromium = "/usr/bin/chromium";
if (!File.Exists(Chromium))
{
    Console.Error.WriteLine($"error: {Chromium} is missing; run scripts/install-test-deps.sh.");
    return 1;
}

Console.Error.WriteLine($"logdir {logdir}: {shape.Runs} runs × {shape.Tags} tags × {shape.Points} points");
double generateSeconds = BenchLogdir.Ensure(logdir, shape);
string[] files = BenchLogdir.EventFiles(logdir);
long expectedScalars = (long)shape.Runs * shape.Tags * shape.Points;

IngestReferences.ReadBytes(files); // warm the page cache
(double readSeconds, long bytes) = IngestReferences.ReadBytes(files);
(double scanSeconds, long scanned) = IngestReferences.ScalarScan(files);
(double generalSeconds, long parsed) = IngestReferences.GeneralParser(files);
if (scanned != expectedScalars || parsed != expectedScalars)
    throw new InvalidOperationException($"Expected {expectedScalars} scalars; the scan saw {scanned}, the general parser {parsed}.");
Console.Error.WriteLine($"references: read {readSeconds:F2} s, scan {scanSeconds:F2} s, Google.Protobuf {generalSeconds:F2} s");

// The server's own ingest of the whole logdir (parallel over runs), no browser attached.
TimeSpan pauseBefore = GC.GetTotalPauseDuration();
TimeSpan ingestCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
int gen2Before = GC.CollectionCount(2);
var ingestClock = Stopwatch.StartNew();
using (var fresh = new LogdirIndex(logdir))
{
    fresh.Reload();
    long points = fresh.Runs.Sum(r => r.Version);
    if (points != expectedScalars) throw new InvalidOperationException($"The board ingested {points} points, expected {expectedScalars}.");
}
double serverIngestSeconds = ingestClock.Elapsed.TotalSeconds;
double serverIngestCpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - ingestCpuBefore).TotalSeconds;
double ingestGcPauseSeconds = (GC.GetTotalPauseDuration() - pauseBefore).TotalSeconds;
Console.Error.WriteLine($"server ingest (no browser) {serverIngestSeconds:F2} s, {serverIngestCpuSeconds:F2} s CPU (GC pauses {ingestGcPauseSeconds:F2} s, {GC.CollectionCount(2) - gen2Before} gen2)");
if (args.Contains("--ingest-only")) return 0;

using IPlaywright playwright = await Playwright.CreateAsync();
await using IBrowser browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
{
    ExecutablePath = Chromium,
    Headless = true,
    Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
var viewport = new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 900 } };

// Cold: a fresh server process state over the logdir; the clock starts before the server is built.
double load = File.Exists("/proc/loadavg") ? double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture) : -1;
var clock = Stopwatch.StartNew();
await using WebApplication app = BoardApp.Build(new BoardOptions(logdir, Port: 0));
await app.StartAsync();
double listenSeconds = clock.Elapsed.TotalSeconds;
Uri address = BoardApp.ListeningAddress(app);
IPage page = await (await browser.NewContextAsync(viewport)).NewPageAsync();
await page.GotoAsync(address.ToString());
await page.Locator(".card path.raw").First.WaitForAsync(new() { Timeout = 600_000 });
double firstPaintSeconds = clock.Elapsed.TotalSeconds;
int linesAtFirstPaint = await page.EvaluateAsync<int>(
    "() => Math.max(...[...document.querySelectorAll('.card')].map(c => c.querySelectorAll('path.raw').length))");

using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(10) };
while ((await http.GetFromJsonAsync<JsonElement>("/api/runs")).GetProperty("loading").GetBoolean()) await Task.Delay(100);
double loadedSeconds = clock.Elapsed.TotalSeconds;
long managedBytes = GC.GetTotalMemory(forceFullCollection: true);

// Warm: everything in memory, a person opens the page: time until the first chart shows all runs.
IPage warm = await (await browser.NewContextAsync(viewport)).NewPageAsync();
var warmClock = Stopwatch.StartNew();
await warm.GotoAsync(address.ToString());
await warm.WaitForFunctionAsync($"() => document.querySelector('.card')?.querySelectorAll('path.raw').length === {shape.Runs}",
    null, new() { Timeout = 600_000 });
double warmPaintSeconds = warmClock.Elapsed.TotalSeconds;

var chartClock = Stopwatch.StartNew();
byte[] chart = await http.GetByteArrayAsync("/api/scalars?tag=loss&smoothing=0.6&samples=500");
double chartSeconds = chartClock.Elapsed.TotalSeconds;
await page.Context.CloseAsync();
await warm.Context.CloseAsync();

// Server CPU per chart answer (load-independent, unlike the wall times above on a shared machine).
var index = app.Services.GetRequiredService<LogdirIndex>();
var selected = ScalarsEndpoints.SelectSeries(index, "loss", default);
int perSeries = Math.Min(500, ScalarsEndpoints.PointsPerChartBudget / selected.Count);
const int ChartRepeats = 10;
TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
for (int i = 0; i < ChartRepeats; i++)
{
    foreach (var (_, series) in selected) series.LastChartView = null; // cold: smooth and downsample every series
    ScalarWriting.ChartJson("loss", selected, perSeries, 0.6);
}
double chartCpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / ChartRepeats;
cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
for (int i = 0; i < ChartRepeats; i++) ScalarWriting.ChartJson("loss", selected, perSeries, 0.6); // cached views: JSON only
double chartCachedCpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / ChartRepeats;

var result = new Dictionary<string, object>
{
    ["suite"] = "board-first-paint",
    ["runs"] = shape.Runs, ["tags"] = shape.Tags, ["points"] = shape.Points, ["scalars"] = expectedScalars,
    ["eventBytes"] = bytes,
    ["coldFirstPaintS"] = Math.Round(firstPaintSeconds, 2), ["runsDrawnAtFirstPaint"] = linesAtFirstPaint,
    ["listenS"] = Math.Round(listenSeconds, 3), ["fullLoadS"] = Math.Round(loadedSeconds, 2),
    ["warmFirstPaintAllRunsS"] = Math.Round(warmPaintSeconds, 2),
    ["chartRequestS"] = Math.Round(chartSeconds, 3), ["chartCpuMs"] = Math.Round(chartCpuMs, 1), ["chartCachedCpuMs"] = Math.Round(chartCachedCpuMs, 1), ["chartJsonBytes"] = chart.Length,
    ["serverIngestS"] = Math.Round(serverIngestSeconds, 2), ["serverIngestGcPauseS"] = Math.Round(ingestGcPauseSeconds, 2),
    ["serverIngestCpuS"] = Math.Round(serverIngestCpuSeconds, 2), ["serverIngestNsPerPointCpu"] = Math.Round(serverIngestCpuSeconds * 1e9 / expectedScalars, 0),
    ["refReadBytesS"] = Math.Round(readSeconds, 2), ["refScanS"] = Math.Round(scanSeconds, 2), ["refProtobufS"] = Math.Round(generalSeconds, 2),
    ["scanVsProtobuf"] = Math.Round(generalSeconds / scanSeconds, 2),
    ["serverIngestVsProtobuf"] = Math.Round(serverIngestSeconds / generalSeconds, 2),
    ["managedMB"] = managedBytes >> 20, ["generateS"] = Math.Round(generateSeconds, 1), ["load"] = load,
    ["cores"] = Environment.ProcessorCount,
};
Console.WriteLine(JsonSerializer.Serialize(result));
Console.Error.WriteLine($"cold first paint {firstPaintSeconds:F2} s ({linesAtFirstPaint} run(s) drawn), all {shape.Runs} runs loaded {loadedSeconds:F2} s, " +
    $"warm page with every run drawn {warmPaintSeconds:F2} s; chart of 'loss' over all runs {chart.Length / 1024} KiB in {chartSeconds * 1000:F0} ms " +
    $"({chartCpuMs:F0} ms server CPU, {chartCachedCpuMs:F0} ms with cached views)");
return 0;
