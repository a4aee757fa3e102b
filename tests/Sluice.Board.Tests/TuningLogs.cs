using System.Globalization;
using Sluice.Events;

namespace Sluice.Board.Tests;

/// <summary>
/// Writes a tuning job dir the way the engine lays it out: one trial dir per trial (<c>1</c>, <c>2</c>, ...) with its
/// <c>hparams.json</c> (the jobs/board contract), training events, and an <c>eval/</c> run whose last values are the
/// trial's final metrics.
/// </summary>
internal static class TuningLogs
{
    /// <summary>(learning rate, hidden units, final auc, state) per trial; trial numbers start at 1.</summary>
    public static readonly (double LearningRate, string HiddenUnits, float Auc, string State)[] Trials =
    [
        (0.1, "64,32", 0.84f, "SUCCEEDED"),
        (0.01, "128,64", 0.91f, "SUCCEEDED"),
        (0.003, "32", 0.87f, "SUCCEEDED"),
        (0.3, "16", 0.79f, "FAILED"),
    ];

    public static void Write(string tuningDir, string tuningJobId = "tune1", int trials = 4)
    {
        for (int i = 0; i < trials; i++)
        {
            var (rate, units, auc, state) = Trials[i];
            string trial = (i + 1).ToString(CultureInfo.InvariantCulture);
            string dir = Directory.CreateDirectory(Path.Combine(tuningDir, trial)).FullName;
            string r = rate.ToString("R", CultureInfo.InvariantCulture);
            string a = auc.ToString("R", CultureInfo.InvariantCulture);
            File.WriteAllText(Path.Combine(dir, "hparams.json"), $$"""
                {"tuningJobId": "{{tuningJobId}}", "trialId": "{{trial}}", "jobId": "{{tuningJobId}}_trial_{{trial}}",
                 "hyperparameters": {"learning_rate": {{r}}, "hidden_units": "{{units}}"},
                 "metricTag": "auc", "goal": "MAXIMIZE",
                 "state": "{{state}}", "finalMetric": {"trainingStep": 300, "objectiveValue": {{a}} } }
                """);
            using (var train = new EventFileWriter(dir))
                for (int step = 1; step <= 30; step++) train.WriteScalar("loss", step * 10, 0.7f - step * 0.01f * (i + 1), CensusLogs.StartTime + step);
            using var eval = new EventFileWriter(Path.Combine(dir, "eval"));
            eval.WriteScalars(100, [new("auc", auc - 0.05f), new("accuracy", 0.7f)], CensusLogs.StartTime + 100);
            eval.WriteScalars(300, [new("auc", auc), new("accuracy", 0.75f + i * 0.01f)], CensusLogs.StartTime + 300);
        }
    }
}
