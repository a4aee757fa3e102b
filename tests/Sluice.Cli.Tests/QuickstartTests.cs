using System.Globalization;
using System.Text.RegularExpressions;
using Sluice.TestKit;

namespace Sluice.Cli.Tests;

/// <summary>The README's main command, run for real: train, evaluate, export, serve on a loopback port, predict over REST.</summary>
public sealed class QuickstartTests
{
    [Fact]
    public void Quickstart_trains_serves_and_predicts_the_two_census_instances()
    {
        using var work = new TempDirectory("quickstart");
        var result = SluiceProcess.Run(TimeSpan.FromMinutes(5),
            "quickstart", "--epochs", "2", "--port", "0", "--keep-serving", "false", "--work-dir", work.Path);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.Stdout}\n{result.Stderr}");
        string output = result.Stdout;

        var accuracy = Regex.Match(output, @"│ accuracy\s+│\s+([0-9.]+) │");
        Assert.True(accuracy.Success, output);
        Assert.InRange(double.Parse(accuracy.Groups[1].Value, CultureInfo.InvariantCulture), 0.80, 1.0);

        string[] lines = output.Split('\n');
        int header = Array.FindIndex(lines, l => Regex.IsMatch(l, @"^CLASSES\s+LOGISTIC\s+LOGITS\s+PROBABILITIES$"));
        Assert.True(header >= 0, output);
        // The first instance (25, 11th grade, never married) is a clear <=50K with a tiny probability of >50K.
        var first = Regex.Match(lines[header + 1], @"^<=50K\s+\[([0-9.eE-]+)\]");
        Assert.True(first.Success, lines[header + 1]);
        Assert.InRange(double.Parse(first.Groups[1].Value, CultureInfo.InvariantCulture), 0.0, 0.05);
        // The second (42, married, executive, capital gain 5178) leans >50K.
        var second = Regex.Match(lines[header + 2], @"^(<=50K|>50K)\s+\[([0-9.eE-]+)\]");
        Assert.True(second.Success, lines[header + 2]);
        Assert.InRange(double.Parse(second.Groups[2].Value, CultureInfo.InvariantCulture), 0.3, 1.0);

        Assert.Contains("Authorization: Bearer slk_", output);
        Assert.True(Directory.Exists(Path.Combine(work.Path, "model", "export", "final")));
    }
}
