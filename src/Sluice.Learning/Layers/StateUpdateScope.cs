namespace Sluice.Learning.Layers;

/// <summary>
/// Collects the <see cref="MovingAverageUpdate"/>s that layers produce while a training step is traced; the step
/// turns them into plan outputs and applies them after each run. Outside a scope, eager layers apply them at once.
/// </summary>
internal sealed class StateUpdateScope : IDisposable
{
    [ThreadStatic] private static StateUpdateScope? _current;

    private readonly StateUpdateScope? _previous;

    public StateUpdateScope()
    {
        _previous = _current;
        _current = this;
    }

    public static StateUpdateScope? Current => _current;

    public List<MovingAverageUpdate> Updates { get; } = [];

    public void Dispose() => _current = _previous;
}
