namespace Sluice.Tensors.Ir;

/// <summary>
/// Records ops as SSA nodes while a C# function runs on symbolic tensors. Concrete tensors used inside become constants,
/// variables become reads of their (in-place) storage. One tracer per thread at a time, nested traces restore the outer.
/// </summary>
internal sealed class Tracer : IDisposable
{
    [ThreadStatic] private static Tracer? _current;

    private readonly Tracer? _previous;
    private readonly Dictionary<Tensor, Node> _constants = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Variable, Node> _variables = new(ReferenceEqualityComparer.Instance);

    public Tracer()
    {
        _previous = _current;
        _current = this;
    }

    public static Tracer? Current => _current;

    public List<Node> Nodes { get; } = [];

    public List<Node> Inputs { get; } = [];

    public IReadOnlyDictionary<Variable, Node> VariableNodes => _variables;

    public void Dispose() => _current = _previous;

    public Tensor AddInput(TensorSpec spec)
    {
        var node = Add(Op.Input, new InputParams(spec.Name ?? $"x{Inputs.Count}", Inputs.Count), [], spec.DType, spec.Shape.Dims.ToArray());
        Inputs.Add(node);
        return new Tensor(node, this);
    }

    public Tensor ReadVariable(Variable variable) => new(NodeOf(variable), this);

    public Node NodeOf(Variable variable)
    {
        if (!_variables.TryGetValue(variable, out var node))
        {
            node = Add(Op.Variable, new VariableParams(variable), [], variable.DType, variable.Shape.Dims.ToArray());
            _variables[variable] = node;
        }
        return node;
    }

    public Node NodeOf(Tensor tensor)
    {
        if (tensor.Node is not null)
        {
            if (!ReferenceEquals(tensor.Owner, this)) throw new InvalidOperationException($"Tensor {tensor} belongs to a different trace.");
            return tensor.Node;
        }
        if (Variable.OwnerOf(tensor) is { } variable) return NodeOf(variable);
        if (!_constants.TryGetValue(tensor, out var node))
        {
            node = Add(Op.Const, new ConstParams(tensor), [], tensor.DType, tensor.Shape.Dims.ToArray());
            _constants[tensor] = node;
        }
        return node;
    }

    public Tensor Record(Op op, OpParams? p, Tensor[] inputs)
    {
        var nodes = new Node[inputs.Length];
        for (int i = 0; i < inputs.Length; i++) nodes[i] = NodeOf(inputs[i]);
        return new Tensor(Add(op, p, nodes), this);
    }

    public Node Add(Op op, OpParams? p, Node[] inputs)
    {
        var dims = new int[inputs.Length][];
        var types = new DType[inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            dims[i] = inputs[i].Dims;
            types[i] = inputs[i].DType;
        }
        var type = ShapeRules.InferType(op, p, types);
        Span<int> outDims = stackalloc int[Shape.MaxRank];
        int rank = ShapeRules.Infer(op, p, dims, outDims);
        return Add(op, p, inputs, type, outDims[..rank].ToArray());
    }

    private Node Add(Op op, OpParams? p, Node[] inputs, DType type, int[] dims)
    {
        var node = new Node(Nodes.Count, op, p, inputs, type, dims);
        Nodes.Add(node);
        return node;
    }
}
