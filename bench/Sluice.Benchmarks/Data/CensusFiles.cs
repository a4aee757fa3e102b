using Sluice.Data.Columns;
using Sluice.Data.Schema;

namespace Sluice.Benchmarks.Data;

/// <summary>The census file and schema the data suites read (the same schema the tests use).</summary>
internal static class CensusFiles
{
    public static string TrainPath => Path.Combine(RepoRoot(), "samples", "census", "data", "adult.data");

    private static readonly string[] Names =
    [
        "age", "workclass", "fnlwgt", "education", "education_num", "marital_status", "occupation", "relationship",
        "race", "gender", "capital_gain", "capital_loss", "hours_per_week", "native_country", "income_bracket",
    ];

    private static readonly HashSet<string> Numeric = ["age", "fnlwgt", "education_num", "capital_gain", "capital_loss", "hours_per_week"];

    public static bool IsNumeric(int column) => Numeric.Contains(Names[column]);

    public static DataSchema Schema()
    {
        var schema = new DataSchema
        {
            Label = "income_bracket",
            Read = new ReadOptions { Header = false, TrimWhitespace = true, MissingTokens = ["?"], CommentPrefix = "|" },
        };
        foreach (string name in Names)
            schema.Columns.Add(new ColumnSchema(name, Numeric.Contains(name) ? ColumnKind.Float32 : ColumnKind.String) { StripSuffix = name == "income_bracket" ? "." : null });
        return schema;
    }

    private static string RepoRoot()
    {
        string? env = Environment.GetEnvironmentVariable("SLUICE_REPO_ROOT");
        if (!string.IsNullOrEmpty(env)) return env;
        foreach (string start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Sluice.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException("Run from inside the repository or set SLUICE_REPO_ROOT.");
    }

    /// <summary>Peak resident set size of this process (VmHWM), in bytes; -1 where /proc is unavailable.</summary>
    public static long PeakRssBytes()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/status"))
            {
                if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
                return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }
        catch (IOException) { }
        return -1;
    }

    public static double LoadAverage()
    {
        try
        {
            string text = File.ReadAllText("/proc/loadavg");
            return double.Parse(text.AsSpan(0, text.IndexOf(' ')), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException) { return -1; }
    }
}
