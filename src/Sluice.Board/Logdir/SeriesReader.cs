namespace Sluice.Board.Logdir;

/// <summary>Reads the columns of a <see cref="ScalarSeries"/> (spans valid only during the call).</summary>
internal delegate TResult SeriesReader<in TState, out TResult>(
    TState state, ReadOnlySpan<long> steps, ReadOnlySpan<double> wallTimes, ReadOnlySpan<float> values);
