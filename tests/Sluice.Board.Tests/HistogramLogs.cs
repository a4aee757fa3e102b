using Sluice.Events;

namespace Sluice.Board.Tests;

/// <summary>Event files with weight histograms under TF-like tags, as the estimators write them when asked.</summary>
internal static class HistogramLogs
{
    public const string Kernel = "dnn/hiddenlayer_0/kernel";
    public const string Bias = "dnn/hiddenlayer_0/bias";

    /// <summary>Kernel values at a step: a normal-ish spread that widens as training goes on (deterministic).</summary>
    public static double[] KernelValues(int stepIndex)
    {
        var random = new Random(1000 + stepIndex);
        var values = new double[500];
        double scale = 0.05 + 0.02 * stepIndex;
        for (int i = 0; i < values.Length; i++)
            values[i] = scale * (random.NextDouble() + random.NextDouble() + random.NextDouble() - 1.5);
        return values;
    }

    /// <summary>Writes <paramref name="steps"/> kernel histograms (steps 100, 200, ...) and constant bias histograms, plus a loss scalar.</summary>
    public static void Write(string modelDir, int steps)
    {
        using var writer = new EventFileWriter(modelDir);
        for (int s = 0; s < steps; s++)
        {
            long step = (s + 1) * 100;
            writer.WriteScalar("loss", step, 1f / (s + 1), CensusLogs.StartTime + s);
            writer.WriteHistogram(Kernel, step, KernelValues(s), CensusLogs.StartTime + s);
            writer.WriteHistogram(Bias, step, [0.25, 0.25, 0.25], CensusLogs.StartTime + s);
        }
    }
}
