using Sluice.Data.Columns;
using Sluice.Events;

namespace Sluice.Estimators.Training;

/// <summary>
/// What the segments of one train-and-evaluate run share: one training and one evaluation event file (as a TF session
/// writes), the featurised training set, and the overall step target for progress reports.
/// </summary>
internal sealed class TrainingSession(long overallTarget) : IDisposable
{
    private EventFileWriter? _train;
    private readonly Dictionary<string, EventFileWriter> _eval = new(StringComparer.Ordinal);

    public long OverallTarget { get; } = overallTarget;

    public (ColumnBatch Batch, FeaturizedData Data)? TrainCache { get; set; }

    public EventFileWriter TrainEvents(string directory) => _train ??= new EventFileWriter(directory);

    public EventFileWriter EvalEvents(string directory)
    {
        if (!_eval.TryGetValue(directory, out var writer)) _eval[directory] = writer = new EventFileWriter(directory);
        return writer;
    }

    public void Dispose()
    {
        _train?.Dispose();
        foreach (var writer in _eval.Values) writer.Dispose();
    }
}
