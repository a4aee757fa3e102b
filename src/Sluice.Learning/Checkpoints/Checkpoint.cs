using Sluice.Tensors;

namespace Sluice.Learning.Checkpoints;

/// <summary>
/// Everything needed to resume training: the global step, the random generator's state and named tensors
/// (variables, optimizer slots named <c>{variable}/{optimizer}/{slot}</c>, optimizer counters).
/// </summary>
public sealed class Checkpoint
{
    private readonly Dictionary<string, CheckpointTensor> _byName = new(StringComparer.Ordinal);
    private readonly List<CheckpointTensor> _tensors = [];

    public Checkpoint(long globalStep, ReadOnlySpan<byte> rngState = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(globalStep);
        GlobalStep = globalStep;
        RngState = rngState.ToArray();
    }

    /// <summary>Training steps completed when the checkpoint was taken.</summary>
    public long GlobalStep { get; }

    /// <summary>The serialised state of the engine's random generator (opaque bytes; empty when none was given).</summary>
    public byte[] RngState { get; }

    /// <summary>The tensors in the order they were added (and are stored).</summary>
    public IReadOnlyList<CheckpointTensor> Tensors => _tensors;

    /// <summary>Where this checkpoint was read from, for error messages (null when built in memory).</summary>
    public string? SourcePath { get; internal set; }

    /// <summary>Adds a tensor; names are unique.</summary>
    public Checkpoint Add(CheckpointTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (!_byName.TryAdd(tensor.Name, tensor))
            throw new ArgumentException($"The checkpoint already holds a tensor named '{tensor.Name}'.", nameof(tensor));
        _tensors.Add(tensor);
        return this;
    }

    /// <summary>Adds a float32 tensor.</summary>
    public Checkpoint Add(string name, int[] shape, float[] values) => Add(CheckpointTensor.FromFloats(name, shape, values));

    /// <summary>Adds an int64 tensor.</summary>
    public Checkpoint Add(string name, int[] shape, long[] values) => Add(CheckpointTensor.FromInt64s(name, shape, values));

    public bool TryGet(string name, out CheckpointTensor tensor) => _byName.TryGetValue(name, out tensor!);

    /// <summary>The tensor named <paramref name="name"/>; throws naming the checkpoint file when it is absent.</summary>
    public CheckpointTensor Get(string name) =>
        _byName.TryGetValue(name, out var tensor)
            ? tensor
            : throw new KeyNotFoundException($"Checkpoint {SourcePath ?? "(in memory)"} has no tensor named '{name}'.");

    /// <summary>A checkpoint of <paramref name="variables"/> only (e.g. for an inference bundle); values are copied.</summary>
    public static Checkpoint FromVariables(long globalStep, IEnumerable<Variable> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var checkpoint = new Checkpoint(globalStep);
        foreach (Variable variable in variables)
            checkpoint.Add(variable.Name, variable.Shape.AsSpan().ToArray(), variable.AsSpan().ToArray());
        return checkpoint;
    }

    /// <summary>Copies each variable's values from the tensor of the same name; throws naming the first missing or mis-sized one.</summary>
    public void RestoreVariables(IEnumerable<Variable> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        foreach (Variable variable in variables)
        {
            CheckpointTensor tensor = Get(variable.Name);
            if (!tensor.Shape.AsSpan().SequenceEqual(variable.Shape.AsSpan()))
                throw new InvalidDataException(
                    $"Checkpoint {SourcePath ?? "(in memory)"}: tensor '{variable.Name}' has shape [{string.Join(",", tensor.Shape)}], the variable has {variable.Shape}.");
            CopyTo(variable.Name, variable.AsSpan());
        }
    }

    /// <summary>Copies the float32 tensor <paramref name="name"/> into <paramref name="destination"/>, checking type and size.</summary>
    public void CopyTo(string name, Span<float> destination)
    {
        CheckpointTensor tensor = Get(name);
        if (tensor.Floats is null)
            throw new InvalidDataException($"Checkpoint {SourcePath ?? "(in memory)"}: tensor '{name}' is {tensor.DType}, expected Float32.");
        if (tensor.Floats.Length != destination.Length)
            throw new InvalidDataException(
                $"Checkpoint {SourcePath ?? "(in memory)"}: tensor '{name}' has {tensor.Floats.Length} values [{string.Join(",", tensor.Shape)}], the model expects {destination.Length}.");
        tensor.Floats.CopyTo(destination);
    }
}
