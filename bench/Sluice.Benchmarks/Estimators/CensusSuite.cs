using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Data.Columns;
using Sluice.Data.Reading;
using Sluice.Estimators.Config;
using Sluice.Estimators.Export;
using Sluice.Estimators.Heads;
using Sluice.Estimators.Training;

namespace Sluice.Benchmarks.Estimators;

/// <summary>
/// <c>census</c>: trains the census samples (wide, deep, wide_deep) with the sample configs, reports test
/// accuracy/AUC, training examples/s (the step loop, and including the one-time featurisation), peak memory, and
/// batch-1 / batch-256 prediction latency from a loaded export bundle (raw rows in, featurisation included). With
/// <c>--torch</c> it runs the PyTorch peer (census_torch.py, copied to a temp dir) on the same machine in the same
/// run, at 1 and 2 threads, and prints the throughput ratio.
/// </summary>
/// <remarks>
/// <c>census [--models wide,deep,wide_deep] [--epochs 40] [--seeds 1,2,3] [--torch [peers dir]] [--torch-epochs N] [--torch-threads 1,2]</c>
/// </remarks>
internal static class CensusSuite
{
    public static int Run(string[] args)
    {
        string[] models = Arg(args, "--models")?.Split(',') ?? ["wide", "deep", "wide_deep"];
        int epochs = int.Parse(Arg(args, "--epochs") ?? "40", CultureInfo.InvariantCulture);
        bool torch = args.Contains("--torch");
        string peers = Arg(args, "--torch") is { } p && !p.StartsWith("--", StringComparison.Ordinal) ? p : Path.GetFullPath(Path.Combine(RepoRoot(), "..", "shared", "peers"));
        int torchEpochs = int.Parse(Arg(args, "--torch-epochs") ?? epochs.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        int[] torchThreads = [.. (Arg(args, "--torch-threads") ?? "1,2").Split(',').Select(int.Parse)];
        long[] seeds = [.. (Arg(args, "--seeds") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse)];

        foreach (string model in models)
        {
            var ours = RunSluice(model, epochs, null);
            Console.WriteLine(ours.ToJsonString());
            foreach (long seed in seeds) Console.WriteLine(RunSluice(model, epochs, seed).ToJsonString());
            if (!torch) continue;
            foreach (int threads in torchThreads)
            {
                var peer = RunTorch(peers, model, torchEpochs, threads);
                Console.WriteLine(peer.ToJsonString());
                if (peer["train_examples_per_s"] is JsonValue v)
                {
                    double ratio = ours["train_examples_per_s"]!.GetValue<double>() / v.GetValue<double>();
                    Console.WriteLine(new JsonObject { ["suite"] = "census", ["model"] = model, ["ratio_vs_torch_threads"] = threads, ["train_speedup"] = Math.Round(ratio, 2) }.ToJsonString());
                }
            }
        }
        return 0;
    }

    /// <param name="seed">overrides the config's seed (to see the spread over seeds)</param>
    private static JsonObject RunSluice(string model, int epochs, long? seed)
    {
        string config = Path.Combine(RepoRoot(), "samples", "census", $"{model}.yaml");
        var cfg = TrainingConfig.Load(config);
        string modelDir = Path.Combine(Path.GetTempPath(), $"sluice-bench-census-{model}-{Guid.NewGuid():N}");
        try
        {
            double load = Stopwatch.GetTimestamp();
            var train = DataReader.ReadAll(cfg.TrainFile, cfg.Schema);
            var test = DataReader.ReadAll(cfg.EvalFile!, cfg.Schema);
            double loadSeconds = Stopwatch.GetElapsedTime((long)load).TotalSeconds;
            var estimator = Estimator.Create(cfg.Spec, cfg.RunConfigFor(modelDir) with { SaveCheckpointsSteps = null, SaveCheckpointsSecs = 1e9, LogStepCountSteps = 1000, Seed = seed ?? cfg.Seed });
            long t0 = Stopwatch.GetTimestamp();
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var result = estimator.Train(train, cfg.Training with { Epochs = epochs });
            double trainCall = Stopwatch.GetElapsedTime(t0).TotalSeconds;
            // CPU seconds of this (single-threaded) training: on a shared, overloaded machine examples per CPU-second
            // is the figure that does not depend on how much of the core the scheduler gave us.
            double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
            var metrics = estimator.Evaluate(test);
            var model1 = ExportedModel.Load(estimator.Export());
            var (b1p50, b1p99) = Latency(model1, test, 1, 20_000);
            var (b256p50, _) = Latency(model1, test, 256, 300);
            return new JsonObject
            {
                ["suite"] = "census", ["impl"] = "sluice", ["model"] = model, ["seed"] = seed ?? cfg.Seed, ["epochs"] = epochs, ["batch"] = cfg.Training.BatchSize, ["threads"] = 1,
                ["accuracy"] = Math.Round(metrics[MetricKeys.Accuracy], 4), ["auc"] = Math.Round(metrics[MetricKeys.Auc], 4),
                ["average_loss"] = Math.Round(metrics[MetricKeys.AverageLoss], 4),
                ["train_examples_per_s"] = Math.Round(result.ExamplesPerSecond), ["train_s"] = Math.Round(result.Seconds, 2),
                ["train_examples_per_s_incl_featurize"] = Math.Round(result.StepsRun * (double)cfg.Training.BatchSize / trainCall),
                ["train_examples_per_cpu_s"] = Math.Round(result.StepsRun * (double)cfg.Training.BatchSize / cpuSeconds),
                ["csv_load_s_train_and_test"] = Math.Round(loadSeconds, 3),
                ["b1_p50_us"] = Math.Round(b1p50, 1), ["b1_p99_us"] = Math.Round(b1p99, 1), ["b256_p50_us"] = Math.Round(b256p50, 1),
                ["peak_working_set_mb"] = Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0),
                ["load_average"] = Timing.LoadAverage(),
            };
        }
        finally
        {
            try { Directory.Delete(modelDir, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Per-call latency percentiles (µs) of Predict on raw rows copied from <paramref name="data"/>.</summary>
    private static (double P50, double P99) Latency(ExportedModel model, ColumnBatch data, int batch, int calls)
    {
        var predictor = model.CreatePredictor(batch);
        var inputs = new ColumnBatch[8];
        for (int k = 0; k < inputs.Length; k++) inputs[k] = Slice(predictor, data, k * batch, batch);
        for (int i = 0; i < 200; i++) predictor.Predict(inputs[i % inputs.Length]);
        var samples = new double[calls];
        for (int i = 0; i < calls; i++)
        {
            long t = Stopwatch.GetTimestamp();
            predictor.Predict(inputs[i % inputs.Length]);
            samples[i] = Stopwatch.GetElapsedTime(t).TotalMicroseconds;
        }
        Array.Sort(samples);
        return (samples[calls / 2], samples[calls * 99 / 100]);
    }

    private static ColumnBatch Slice(Predictor predictor, ColumnBatch data, int start, int count)
    {
        var batch = predictor.CreateInputBatch();
        foreach (var column in batch.Columns)
        {
            var source = data[column.Name];
            for (int r = 0; r < count; r++)
            {
                int row = (start + r) % data.RowCount;
                column.Missing[r] = source.Missing[row];
                switch (column)
                {
                    case FloatColumn f: f.Values[r] = ((FloatColumn)source).Values[row]; break;
                    case Int64Column l: l.Values[r] = ((Int64Column)source).Values[row]; break;
                    case StringColumn s: s.Append(((StringColumn)source).GetBytes(row)); break;
                }
            }
        }
        batch.RowCount = count;
        return batch;
    }

    /// <summary>Runs the PyTorch peer from a temp copy (its results file stays out of the shared folder).</summary>
    private static JsonObject RunTorch(string peers, string model, int epochs, int threads)
    {
        string temp = Path.Combine(Path.GetTempPath(), $"sluice-bench-torch-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        try
        {
            foreach (string file in Directory.GetFiles(peers, "*.py")) File.Copy(file, Path.Combine(temp, Path.GetFileName(file)));
            // Debian's interpreter, where python3-torch lives (a pyenv shim earlier on PATH would not see it).
            var info = new ProcessStartInfo(File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3")
            {
                ArgumentList = { Path.Combine(temp, "census_torch.py"), "--model", model, "--threads", threads.ToString(CultureInfo.InvariantCulture),
                                 "--epochs", epochs.ToString(CultureInfo.InvariantCulture), "--data-dir", Path.Combine(RepoRoot(), "samples", "census", "data"), "--no-wait" },
                RedirectStandardOutput = true, RedirectStandardError = true,
            };
            using var process = Process.Start(info)!;
            string stdout = process.StandardOutput.ReadToEnd();
            string stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            var results = Directory.Exists(Path.Combine(temp, "results")) ? Directory.GetFiles(Path.Combine(temp, "results"), "*.json") : [];
            if (process.ExitCode != 0 || results.Length == 0)
                return new JsonObject { ["suite"] = "census", ["impl"] = "pytorch", ["model"] = model, ["threads"] = threads, ["error"] = (stderr + stdout).Trim() };
            var r = JsonNode.Parse(File.ReadAllText(results[0]))!.AsObject();
            var latency = r["latency_pre_featurized"] as JsonArray;
            var raw = r["latency_incl_featurize"] as JsonArray;
            return new JsonObject
            {
                ["suite"] = "census", ["impl"] = "pytorch", ["model"] = model, ["epochs"] = epochs, ["threads"] = threads,
                ["accuracy"] = r["test"]?["accuracy"]?.DeepClone(), ["auc"] = r["test"]?["auc"]?.DeepClone(),
                ["train_examples_per_s"] = Math.Round(r["train_examples_per_s"]!.GetValue<double>()),
                ["train_examples_per_s_incl_load"] = Math.Round(r["train_examples_per_s_incl_load"]!.GetValue<double>()),
                ["b1_p50_us"] = latency?[0]?["p50_us"]?.DeepClone(), ["raw_b1_p50_us"] = raw?[0]?["p50_us"]?.DeepClone(),
                ["foreign_load_cores"] = r["foreign_load_cores_train"]?.DeepClone(),
            };
        }
        finally
        {
            try { Directory.Delete(temp, recursive: true); } catch (IOException) { }
        }
    }

    private static string? Arg(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Sluice.slnx"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}
