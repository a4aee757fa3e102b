using Sluice.Tensors.Compiler;
using Sluice.Tensors.Random;

namespace Sluice.Tensors;

/// <summary>
/// A compiled graph, ready to run many times. Inputs are written into the plan's own buffers (<see cref="Input{T}"/>),
/// <see cref="Run"/> executes a precomputed step list — re-inferring shapes so the leading (batch / id-count) axis may
/// change between runs up to its capacity — and outputs are read as spans. After the first run nothing is allocated.
/// Variables are read in place. Not thread-safe: use one plan per thread.
/// </summary>
public sealed class Plan
{
    private readonly Node[] _order;
    private readonly Step[] _steps;
    private readonly Buf[] _values;
    private readonly int[] _capacity;
    private readonly int[] _inputValue;
    private readonly int[] _outputValue;
    private readonly string[] _inputNames;
    private readonly Buf[] _scratch;
    private readonly KernelContext _context = new();

    private readonly struct Step(Op op, OpParams? parameters, int[] inputs, int[][] inputDims, int output)
    {
        public readonly Op Op = op;
        public readonly OpParams? Params = parameters;
        public readonly int[] Inputs = inputs;
        public readonly int[][] InputDims = inputDims;
        public readonly int Output = output;
    }

    internal Plan(List<Node> order, List<Node> inputs, Node[] outputs, CompileOptions options, int tracedNodes)
    {
        _order = order.ToArray();
        TracedNodeCount = tracedNodes;
        _context.Seed = options.Seed;
        var index = new Dictionary<Node, int>();
        for (int i = 0; i < _order.Length; i++) index[_order[i]] = i;
        var (slotOf, slots) = BufferPlanner.Plan(_order, outputs, options.ReuseBuffers);
        BufferBytes = slots.Sum(s => (long)s.Length * ElementSize(s));

        _values = new Buf[_order.Length];
        _capacity = new int[_order.Length];
        var steps = new List<Step>();
        int maxArity = 1;
        for (int i = 0; i < _order.Length; i++)
        {
            var node = _order[i];
            var dims = node.Dims.ToArray();
            switch (node.Op)
            {
                case Op.Input:
                    _values[i] = new Buf(DTypes.Allocate(node.DType, node.ElementCount), 0, dims);
                    break;
                case Op.Const:
                {
                    var value = ((ConstParams)node.Params!).Value;
                    _values[i] = new Buf(value.Data!, value.Offset, dims);
                    break;
                }
                case Op.Variable:
                {
                    var value = ((VariableParams)node.Params!).Variable.Value;
                    _values[i] = new Buf(value.Data!, value.Offset, dims);
                    break;
                }
                default:
                {
                    bool view = OpKinds.IsView(node.Op, node.Params);
                    var source = view ? _values[index[node.Inputs[0]]] : default;
                    var data = view ? source.Data : slots[slotOf[i]];
                    _values[i] = new Buf(data, view ? source.Offset + OpKinds.ViewOffset(node.Op, node.Params, source.Dims) : 0, dims);
                    var ins = node.Inputs.Select(n => index[n]).ToArray();
                    steps.Add(new Step(node.Op, node.Params, ins, ins.Select(k => _values[k].Dims).ToArray(), i));
                    maxArity = Math.Max(maxArity, ins.Length);
                    break;
                }
            }
            _capacity[i] = _values[i].Data.Length - _values[i].Offset;
        }
        _steps = steps.ToArray();
        _scratch = new Buf[maxArity];
        _inputValue = inputs.Select(n => index[n]).ToArray();
        _inputNames = inputs.Select(n => ((InputParams)n.Params!).Name).ToArray();
        _outputValue = outputs.Select(n => index[n]).ToArray();
        Listing = GraphPrinter.Print(_order, inputs, outputs);
    }

    public int InputCount => _inputValue.Length;

    public int OutputCount => _outputValue.Length;

    /// <summary>Kernel launches per run (after folding, CSE, DCE and fusion).</summary>
    public int StepCount => _steps.Length;

    /// <summary>Nodes in the traced graph before optimisation.</summary>
    public int TracedNodeCount { get; }

    /// <summary>Bytes of intermediate storage after liveness-based reuse.</summary>
    public long BufferBytes { get; }

    /// <summary>The optimised program as a listing (fused nodes print their expression).</summary>
    public string Listing { get; }

    /// <summary>The RNG of random ops (dropout): seed and run counter. Save it with a checkpoint, restore to resume.</summary>
    public RngState RandomState
    {
        get => new(_context.Seed, _context.Run);
        set
        {
            _context.Seed = value.Seed;
            _context.Run = value.Counter;
        }
    }

    public int InputIndex(string name)
    {
        int i = Array.IndexOf(_inputNames, name);
        return i >= 0 ? i : throw new ArgumentException($"The plan has no input '{name}' (inputs: {string.Join(", ", _inputNames)}).");
    }

    /// <summary>
    /// Sets input <paramref name="index"/>'s run-time dims (same rank; the leading axis up to capacity, others as traced)
    /// and returns its storage to fill.
    /// </summary>
    public Span<T> Input<T>(int index, params ReadOnlySpan<int> dims) where T : unmanaged
    {
        ref var value = ref _values[_inputValue[index]];
        var traced = _order[_inputValue[index]].Dims;
        if (dims.Length != traced.Length)
            throw new ArgumentException($"Input '{_inputNames[index]}' has rank {traced.Length}; got dims {Shape.Format(dims)}.");
        for (int d = 0; d < dims.Length; d++)
        {
            bool ok = d == 0 ? dims[0] >= 0 && dims[0] <= traced[0] : dims[d] == traced[d];
            if (!ok)
                throw new ArgumentException($"Input '{_inputNames[index]}' accepts {Shape.Format(traced)} with axis 0 up to {(traced.Length > 0 ? traced[0] : 1)}; got {Shape.Format(dims)}.");
        }
        dims.CopyTo(value.Dims);
        value.Length = Shape.Count(dims);
        if (value.Data is not T[] array)
            throw new ArgumentException($"Input '{_inputNames[index]}' is {DTypes.ShortName(_order[_inputValue[index]].DType)}, not {typeof(T).Name}.");
        return new Span<T>(array, 0, value.Length);
    }

    /// <summary>Copies <paramref name="value"/> into input <paramref name="index"/>.</summary>
    public void SetInput(int index, Tensor value)
    {
        switch (value.DType)
        {
            case DType.Float32: value.AsSpan<float>().CopyTo(Input<float>(index, value.Shape.Dims)); break;
            case DType.Int32: value.AsSpan<int>().CopyTo(Input<int>(index, value.Shape.Dims)); break;
            case DType.Int64: value.AsSpan<long>().CopyTo(Input<long>(index, value.Shape.Dims)); break;
            default: value.AsSpan<bool>().CopyTo(Input<bool>(index, value.Shape.Dims)); break;
        }
    }

    /// <summary>Runs every step once. Allocation-free after the first run.</summary>
    public void Run() => Run(null);

    /// <summary>Runs once, adding each step's elapsed Stopwatch ticks to <paramref name="ticks"/> (for profiling).</summary>
    internal void RunProfiled(long[] ticks) => Run(ticks);

    /// <summary>One line per step: its listing text (for profiles).</summary>
    internal string[] StepNames => Array.ConvertAll(_steps, s => $"{OpKinds.Name(s.Op)}[{s.Params}] {Shape.Format(_order[s.Output].Dims)}");

    private void Run(long[]? ticks)
    {
        var values = _values;
        var scratch = _scratch;
        int index = -1;
        foreach (ref readonly var step in _steps.AsSpan())
        {
            index++;
            long start = ticks is null ? 0 : System.Diagnostics.Stopwatch.GetTimestamp();
            ref var output = ref values[step.Output];
            int rank = ShapeRules.Infer(step.Op, step.Params, step.InputDims, output.Dims);
            if (rank != output.Dims.Length) throw new InvalidOperationException($"Step {step.Op} changed rank at run time.");
            output.Length = Shape.Count(output.Dims);
            if (OpKinds.IsView(step.Op, step.Params))
            {
                ref var source = ref values[step.Inputs[0]];
                output.Data = source.Data;
                output.Offset = source.Offset + OpKinds.ViewOffset(step.Op, step.Params, source.Dims);
                continue;
            }
            if (output.Length > _capacity[step.Output])
                throw new InvalidOperationException($"{OpKinds.Name(step.Op)} needs {output.Length} elements at run time but was planned for {_capacity[step.Output]}: an input exceeds its traced capacity.");
            var inputs = step.Inputs;
            for (int k = 0; k < inputs.Length; k++) scratch[k] = values[inputs[k]];
            OpKernels.Run(step.Op, step.Params, scratch.AsSpan(0, inputs.Length), output, _context);
            if (ticks is not null) ticks[index] += System.Diagnostics.Stopwatch.GetTimestamp() - start;
        }
        _context.Run++;
    }

    public ReadOnlySpan<float> Output(int index) => Output<float>(index);

    public ReadOnlySpan<T> Output<T>(int index) where T : unmanaged
    {
        var value = _values[_outputValue[index]];
        if (value.Data is not T[] array)
            throw new ArgumentException($"Output {index} is {DTypes.ShortName(DTypes.Of(value.Data))}, not {typeof(T).Name}.");
        return new ReadOnlySpan<T>(array, value.Offset, value.Length);
    }

    /// <summary>The run-time dims of output <paramref name="index"/> after the last run.</summary>
    public ReadOnlySpan<int> OutputDims(int index) => _values[_outputValue[index]].Dims;

    /// <summary>A copy of output <paramref name="index"/> as a tensor (allocates; for tests and convenience).</summary>
    public Tensor OutputTensor(int index)
    {
        var value = _values[_outputValue[index]];
        var data = DTypes.Allocate(DTypes.Of(value.Data), value.Length);
        Array.Copy(value.Data, value.Offset, data, 0, value.Length);
        return new Tensor(data, 0, new Shape(value.Dims));
    }

    public override string ToString() => Listing;

    private static int ElementSize(Array a) => a switch { float[] or int[] => 4, long[] => 8, _ => 1 };
}
