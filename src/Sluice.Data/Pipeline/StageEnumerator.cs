using System.Collections;

namespace Sluice.Data.Pipeline;

/// <summary>Enumerates a stage, handing the previous item back to it on each step.</summary>
internal sealed class StageEnumerator<T>(IStage<T> stage) : IEnumerator<T>
{
    private bool _holding;

    public T Current { get; private set; } = default!;

    object? IEnumerator.Current => Current;

    public bool MoveNext()
    {
        ReleaseCurrent();
        if (!stage.TryNext(out var item)) return false;
        Current = item;
        _holding = true;
        return true;
    }

    private void ReleaseCurrent()
    {
        if (!_holding) return;
        _holding = false;
        stage.Release(Current);
        Current = default!;
    }

    public void Reset() => throw new NotSupportedException("Enumerate the pipeline again instead.");

    public void Dispose()
    {
        ReleaseCurrent();
        stage.Dispose();
    }
}
