namespace Sluice.Jobs.Tuning;

/// <summary>
/// The median stopping rule (Vizier): stop a running trial at step s when its best score so far is worse than the
/// median of the completed trials' running averages up to step s. Needs at least two completed trials. Scores are
/// "higher is better" (MINIMIZE goals are negated before they get here).
/// </summary>
public static class MedianStoppingRule
{
    public static bool ShouldStop(IReadOnlyList<(long Step, double Score)> running, IReadOnlyList<IReadOnlyList<(long Step, double Score)>> completed)
    {
        if (running.Count == 0 || completed.Count < 2) return false;
        long step = running[^1].Step;
        double best = double.MinValue;
        foreach (var (_, score) in running) best = Math.Max(best, score);
        var averages = new List<double>(completed.Count);
        foreach (var curve in completed)
        {
            double sum = 0;
            int count = 0;
            foreach (var (s, score) in curve)
                if (s <= step) { sum += score; count++; }
            if (count > 0) averages.Add(sum / count);
        }
        if (averages.Count < 2) return false;
        averages.Sort();
        double median = averages.Count % 2 == 1 ? averages[averages.Count / 2] : (averages[averages.Count / 2 - 1] + averages[averages.Count / 2]) / 2;
        return best < median;
    }
}
