using Sluice.Events;

namespace Sluice.Board.Tests;

/// <summary>
/// Writes event files shaped like a census wide &amp; deep model dir: training scalars in the model dir, evaluation
/// scalars in its eval/ subdirectory. Values are deterministic so tests can compare exactly.
/// </summary>
internal static class CensusLogs
{
    public const double StartTime = 1_763_000_000.0;

    /// <summary>Training loss at a step: a decaying curve with a deterministic wiggle.</summary>
    public static float Loss(int step) => (float)(0.35 + 0.4 * Math.Exp(-step / 60.0) + 0.03 * Math.Sin(step * 0.7));

    /// <summary>Writes a model dir with <paramref name="trainSteps"/> loss points and an eval run with 5 points.</summary>
    public static void Write(string modelDir, int trainSteps = 120)
    {
        using (var train = new EventFileWriter(modelDir))
        {
            for (int step = 1; step <= trainSteps; step++)
            {
                double wall = StartTime + step * 0.25;
                train.WriteScalar("loss", step, Loss(step), wall);
                train.WriteScalar("average_loss", step, Loss(step) / 32, wall);
                if (step % 10 == 0)
                {
                    train.WriteScalar("global_step/sec", step, 40f + step % 7, wall);
                    train.WriteScalar("dnn/learning_rate", step, 0.05f, wall);
                    train.WriteScalar("linear/learning_rate", step, 0.2f / MathF.Sqrt(step), wall);
                }
            }
        }
        using var eval = new EventFileWriter(Path.Combine(modelDir, "eval"));
        for (int i = 1; i <= 5; i++)
        {
            int step = trainSteps * i / 5;
            eval.WriteScalars(step,
            [
                new("loss", Loss(step) + 0.02f),
                new("accuracy", 0.78f + 0.012f * i),
                new("auc", 0.82f + 0.015f * i),
            ], StartTime + step * 0.25 + 1);
        }
    }
}
