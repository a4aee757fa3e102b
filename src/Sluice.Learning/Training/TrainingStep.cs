using Sluice.Learning.Checkpoints;
using Sluice.Learning.Layers;
using Sluice.Learning.Optimizers;
using Sluice.Tensors;
using Sluice.Tensors.Random;

namespace Sluice.Learning.Training;

/// <summary>
/// One training step compiled once: forward pass, loss, gradients (dense, or sparse by rows for variables read only
/// through Gather), optional global-norm clipping, then each variable's optimizer update, batch-norm moving
/// averages and the global step. After warm-up <see cref="Run"/> allocates nothing.
/// </summary>
/// <example>
/// <code>
/// var step = new TrainingStep(
///     [new TensorSpec(DType.Float32, new Shape(64, 2), "x"), new TensorSpec(DType.Float32, new Shape(64, 1), "y")],
///     t => [Loss.SigmoidCrossEntropy(model.Call(t[0], training: true), t[1])],
///     [new OptimizerAssignment(new Adam(0.01f), model.TrainableVariables)]);
/// features.CopyTo(step.Input&lt;float&gt;(0, batch, 2)); labels.CopyTo(step.Input&lt;float&gt;(1, batch, 1));
/// float loss = step.Run();
/// </code>
/// </example>
public sealed class TrainingStep
{
    private readonly Plan _plan;
    private readonly Binding[] _bindings;
    private readonly Optimizer[] _optimizers;
    private readonly MovingAverageBinding[] _movingAverages;
    private readonly Variable[] _allVariables;
    private readonly int _extraOutputs;
    private readonly int _normOutput;

    /// <param name="inputs">the step's inputs (features, labels, weights…); axis 0 is the batch capacity</param>
    /// <param name="forward">builds, from symbolic inputs, the scalar loss first and then any extra outputs to read
    /// after each run (e.g. logits for training metrics); layers must be called with <c>training: true</c></param>
    /// <param name="optimizers">every trainable variable the loss reads, each assigned to exactly one optimizer</param>
    public TrainingStep(IReadOnlyList<TensorSpec> inputs, Func<Tensor[], Tensor[]> forward, IReadOnlyList<OptimizerAssignment> optimizers,
        TrainingStepOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(forward);
        ArgumentNullException.ThrowIfNull(optimizers);
        options ??= new TrainingStepOptions();
        if (options.ClipNorm is { } clip && !(clip > 0f)) throw new ArgumentOutOfRangeException(nameof(options), clip, "ClipNorm must be > 0.");

        (Variable[] trainable, Optimizer[] owners) = Assign(optimizers);
        _optimizers = optimizers.Select(a => a.Optimizer).Distinct().ToArray();

        var updates = new List<MovingAverageUpdate>();
        var gradientKinds = new List<VariableGradient>();
        int extras = 0;
        Graph graph = Graph.Trace(args =>
        {
            using var scope = new StateUpdateScope();
            Tensor[] results = forward(args);
            if (results.Length == 0) throw new ArgumentException("The forward function must return the loss first.", nameof(forward));
            Tensor loss = results[0];
            if (loss.Shape.ElementCount != 1 || loss.DType != DType.Float32)
                throw new ArgumentException($"The loss must be a single f32 value, got {loss}. Reduce it (e.g. Loss.Reduce) first.", nameof(forward));
            extras = results.Length - 1;
            IReadOnlyList<VariableGradient> gradients = Autodiff.Gradients(loss, trainable);
            gradientKinds.AddRange(gradients);
            updates.AddRange(scope.Updates);
            return BuildOutputs(results, gradients, scope.Updates, options.ClipNorm);
        }, [.. inputs]);

        CheckEveryTrainableVariableIsAssigned(graph, trainable);
        _plan = graph.Compile(options.Compile with { Seed = options.Seed });
        _extraOutputs = extras;
        int next = 1 + extras;
        _normOutput = options.ClipNorm is null ? -1 : next++;

        _bindings = new Binding[trainable.Length];
        for (int i = 0; i < trainable.Length; i++)
        {
            Variable variable = trainable[i];
            (int rows, int width) = RowsOf(variable);
            SlotSet slots = owners[i].CreateSlots(variable.Name, rows, width);
            if (gradientKinds[i].IsSparse)
            {
                bool longIds = graph.OutputTypes[next] == DType.Int64;
                _bindings[i] = new Binding(variable, owners[i], slots, -1, next, next + 1, longIds);
                next += 2;
            }
            else
            {
                _bindings[i] = new Binding(variable, owners[i], slots, next++, -1, -1, false);
            }
        }
        _movingAverages = new MovingAverageBinding[updates.Count];
        for (int i = 0; i < updates.Count; i++) _movingAverages[i] = new MovingAverageBinding(updates[i].Target, next++, updates[i].Momentum);

        _allVariables = trainable.Concat(graph.Variables).Concat(updates.Select(u => u.Target)).Distinct().ToArray();
    }

    /// <summary>Training steps completed (TF's <c>global_step</c>); learning-rate schedules read it.</summary>
    public long GlobalStep { get; set; }

    /// <summary>The loss of the last run.</summary>
    public float Loss => _plan.Output(0)[0];

    /// <summary>The gradients' global norm before clipping in the last run (NaN when clipping is off).</summary>
    public float GlobalNorm => _normOutput < 0 ? float.NaN : _plan.Output(_normOutput)[0];

    /// <summary>The compiled plan (its listing shows the optimised program).</summary>
    public Plan Plan => _plan;

    /// <summary>Every variable the step reads or writes: trainable, then non-trainable (e.g. moving statistics).</summary>
    public IReadOnlyList<Variable> Variables => _allVariables;

    /// <summary>The optimizer slots of each trainable variable.</summary>
    public IReadOnlyList<SlotSet> Slots => _bindings.Select(b => b.Slots).ToList();

    public int InputIndex(string name) => _plan.InputIndex(name);

    /// <summary>Sets input <paramref name="index"/>'s run-time dims (batch up to capacity) and returns its storage to fill.</summary>
    public Span<T> Input<T>(int index, params ReadOnlySpan<int> dims) where T : unmanaged => _plan.Input<T>(index, dims);

    /// <summary>Extra output <paramref name="index"/> (0 = the second tensor the forward function returned) of the last run.</summary>
    public ReadOnlySpan<float> Output(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _extraOutputs);
        return _plan.Output(1 + index);
    }

    /// <summary>Runs forward and backward, updates every variable and advances the global step; returns the loss.</summary>
    public float Run()
    {
        _plan.Run();
        foreach (Optimizer optimizer in _optimizers) optimizer.BeginStep(GlobalStep);
        // Every gradient was computed before any variable changes, so the update order does not matter.
        foreach (ref readonly Binding binding in _bindings.AsSpan())
        {
            Span<float> weights = binding.Variable.AsSpan();
            if (binding.DenseOutput >= 0)
                binding.Optimizer.ApplyDense(weights, _plan.Output(binding.DenseOutput), binding.Slots);
            else if (binding.LongIds)
                binding.Optimizer.ApplySparse(weights, _plan.Output<long>(binding.IdsOutput), _plan.Output(binding.RowsOutput), binding.Slots);
            else
                binding.Optimizer.ApplySparse(weights, _plan.Output<int>(binding.IdsOutput), _plan.Output(binding.RowsOutput), binding.Slots);
        }
        foreach (Optimizer optimizer in _optimizers) optimizer.EndStep();
        foreach (ref readonly MovingAverageBinding update in _movingAverages.AsSpan())
            MovingAverageUpdate.Apply(update.Target.AsSpan(), _plan.Output(update.Output), update.Momentum);
        GlobalStep++;
        return Loss;
    }

    /// <summary>
    /// A checkpoint of everything needed to resume: every variable, every optimizer slot
    /// (<c>{variable}/{optimizer}/{slot}</c>), each optimizer's iterations and extra state, the global step and the
    /// plan's RNG state. Values are copied, so training may continue while it is written.
    /// </summary>
    public Checkpoint CaptureCheckpoint()
    {
        RngState rng = _plan.RandomState;
        byte[] rngBytes = new byte[16];
        BitConverter.TryWriteBytes(rngBytes.AsSpan(0, 8), rng.Seed);
        BitConverter.TryWriteBytes(rngBytes.AsSpan(8, 8), rng.Counter);
        var checkpoint = new Checkpoint(GlobalStep, rngBytes);
        foreach (Variable variable in _allVariables)
            checkpoint.Add(variable.Name, variable.Shape.AsSpan().ToArray(), variable.AsSpan().ToArray());
        foreach (Binding binding in _bindings)
        {
            for (int s = 0; s < binding.Slots.Definitions.Count; s++)
                checkpoint.Add(binding.Slots.CheckpointName(s), binding.Variable.Shape.AsSpan().ToArray(), (float[])binding.Slots.Values(s).Clone());
        }
        foreach (Optimizer optimizer in _optimizers)
        {
            checkpoint.Add(IterationsName(optimizer), [], [optimizer.Iterations]);
            float[] state = optimizer.SaveState();
            if (state.Length > 0) checkpoint.Add(StateName(optimizer), [state.Length], state);
        }
        return checkpoint;
    }

    /// <summary>Restores what <see cref="CaptureCheckpoint"/> saved; throws naming the checkpoint and tensor on any mismatch.</summary>
    public void Restore(Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        foreach (Variable variable in _allVariables) checkpoint.CopyTo(variable.Name, variable.AsSpan());
        foreach (Binding binding in _bindings)
        {
            for (int s = 0; s < binding.Slots.Definitions.Count; s++)
                checkpoint.CopyTo(binding.Slots.CheckpointName(s), binding.Slots.Values(s));
        }
        foreach (Optimizer optimizer in _optimizers)
        {
            CheckpointTensor iterations = checkpoint.Get(IterationsName(optimizer));
            if (iterations.Int64s is not { Length: 1 } count)
                throw new InvalidDataException($"Checkpoint {checkpoint.SourcePath ?? "(in memory)"}: '{iterations.Name}' must be one int64.");
            float[] state = checkpoint.TryGet(StateName(optimizer), out CheckpointTensor? stored) ? stored.Floats ?? [] : [];
            optimizer.RestoreState(count[0], state);
        }
        if (checkpoint.RngState.Length == 16)
            _plan.RandomState = new RngState(BitConverter.ToUInt64(checkpoint.RngState, 0), BitConverter.ToUInt64(checkpoint.RngState, 8));
        GlobalStep = checkpoint.GlobalStep;
    }

    private static string IterationsName(Optimizer optimizer) => $"optimizer/{optimizer.Name}/iterations";

    private static string StateName(Optimizer optimizer) => $"optimizer/{optimizer.Name}/state";

    private static Tensor[] BuildOutputs(Tensor[] results, IReadOnlyList<VariableGradient> gradients, List<MovingAverageUpdate> updates, float? clipNorm)
    {
        var outputs = new List<Tensor>(results);
        Tensor? scale = null;
        if (clipNorm is { } clip)
        {
            Tensor? sumOfSquares = null;
            foreach (VariableGradient g in gradients)
            {
                Tensor values = g.IsSparse ? g.Rows! : g.Dense!;
                Tensor squares = (values * values).Sum();
                sumOfSquares = sumOfSquares is null ? squares : sumOfSquares + squares;
            }
            Tensor norm = (sumOfSquares ?? Tensor.Scalar(0f)).Sqrt();
            scale = clip / Tensor.Maximum(norm, Tensor.Scalar(clip));
            outputs.Add(norm);
        }
        foreach (VariableGradient g in gradients)
        {
            if (g.IsSparse)
            {
                outputs.Add(g.Indices!);
                outputs.Add(scale is null ? g.Rows! : g.Rows! * scale);
            }
            else
            {
                outputs.Add(scale is null ? g.Dense! : g.Dense! * scale);
            }
        }
        foreach (MovingAverageUpdate update in updates) outputs.Add(update.Value);
        return [.. outputs];
    }

    private static (Variable[] Variables, Optimizer[] Owners) Assign(IReadOnlyList<OptimizerAssignment> assignments)
    {
        if (assignments.Count == 0) throw new ArgumentException("A training step needs at least one optimizer assignment.", nameof(assignments));
        var variables = new List<Variable>();
        var owners = new List<Optimizer>();
        var seen = new Dictionary<Variable, Optimizer>(ReferenceEqualityComparer.Instance);
        var optimizerNames = new Dictionary<string, Optimizer>(StringComparer.Ordinal);
        foreach (OptimizerAssignment assignment in assignments)
        {
            ArgumentNullException.ThrowIfNull(assignment);
            if (optimizerNames.TryGetValue(assignment.Optimizer.Name, out var other) && !ReferenceEquals(other, assignment.Optimizer))
                throw new ArgumentException($"Two optimizers are named '{assignment.Optimizer.Name}'; give each a distinct name (their slots are saved by name).");
            optimizerNames[assignment.Optimizer.Name] = assignment.Optimizer;
            foreach (Variable variable in assignment.Variables)
            {
                if (!variable.Trainable) throw new ArgumentException($"Variable '{variable.Name}' is not trainable but is assigned to optimizer '{assignment.Optimizer.Name}'.");
                if (variable.DType != DType.Float32) throw new ArgumentException($"Variable '{variable.Name}' is {variable.DType}; only f32 variables are trained.");
                if (seen.TryGetValue(variable, out var owner))
                    throw new ArgumentException($"Variable '{variable.Name}' is assigned to both '{owner.Name}' and '{assignment.Optimizer.Name}'.");
                seen[variable] = assignment.Optimizer;
                variables.Add(variable);
                owners.Add(assignment.Optimizer);
            }
        }
        return ([.. variables], [.. owners]);
    }

    private static void CheckEveryTrainableVariableIsAssigned(Graph graph, Variable[] assigned)
    {
        var set = new HashSet<Variable>(assigned, ReferenceEqualityComparer.Instance);
        foreach (Variable variable in graph.Variables)
        {
            if (variable.Trainable && !set.Contains(variable))
                throw new ArgumentException($"The loss reads trainable variable '{variable.Name}' but no optimizer is assigned to it.");
        }
    }

    private static (int Rows, int Width) RowsOf(Variable variable)
    {
        ReadOnlySpan<int> dims = variable.Shape.AsSpan();
        int count = variable.Shape.ElementCount;
        int rows = dims.Length == 0 ? 1 : dims[0];
        if (rows == 0 || count == 0) throw new ArgumentException($"Variable '{variable.Name}' has no elements ({variable.Shape}).");
        return (rows, count / rows);
    }

    private readonly record struct Binding(Variable Variable, Optimizer Optimizer, SlotSet Slots, int DenseOutput, int IdsOutput, int RowsOutput, bool LongIds);

    private readonly record struct MovingAverageBinding(Variable Target, int Output, float Momentum);
}
