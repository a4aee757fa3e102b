namespace Sluice.Tensors;

/// <summary>
/// A traced C# function: SSA nodes from its inputs to its outputs. <see cref="ToString"/> prints the listing
/// (<c>{ x:f32[3] -> a:f32[3] = mul x x ; b:f32[] = sum a ; return b }</c>); <see cref="Compile"/> optimises it into a
/// <see cref="Plan"/> that runs with zero managed allocation.
/// </summary>
public sealed class Graph
{
    private Graph(List<Node> nodes, List<Node> inputs, Node[] outputs)
    {
        Nodes = nodes;
        InputNodes = inputs;
        OutputNodes = outputs;
    }

    internal List<Node> Nodes { get; }
    internal List<Node> InputNodes { get; }
    internal Node[] OutputNodes { get; }

    public IReadOnlyList<TensorSpec> Inputs =>
        InputNodes.Select(n => new TensorSpec(n.DType, new Shape(n.Dims), ((InputParams)n.Params!).Name)).ToList();

    public IReadOnlyList<Shape> OutputShapes => OutputNodes.Select(n => new Shape(n.Dims)).ToList();

    public IReadOnlyList<DType> OutputTypes => OutputNodes.Select(n => n.DType).ToList();

    /// <summary>The variables the graph reads (in first-use order).</summary>
    public IReadOnlyList<Variable> Variables =>
        Nodes.Where(n => n.Op == Op.Variable).Select(n => ((VariableParams)n.Params!).Variable).ToList();

    /// <summary>
    /// Runs <paramref name="function"/> once on symbolic tensors and records what it does. Inside, ops on these tensors
    /// (and on variables and constants) build the graph; <see cref="Autodiff.Gradients(Tensor, IReadOnlyList{Variable})"/>
    /// may be called to add gradient nodes.
    /// </summary>
    public static Graph Trace(Func<Tensor[], Tensor[]> function, params TensorSpec[] inputs)
    {
        using var tracer = new Tracer();
        var args = new Tensor[inputs.Length];
        for (int i = 0; i < inputs.Length; i++) args[i] = tracer.AddInput(inputs[i]);
        var results = function(args);
        if (results.Length == 0) throw new ArgumentException("A traced function must return at least one tensor.");
        var outputs = new Node[results.Length];
        for (int i = 0; i < results.Length; i++) outputs[i] = tracer.NodeOf(results[i]);
        return new Graph(tracer.Nodes, tracer.Inputs, outputs);
    }

    public static Graph Trace(Func<Tensor, Tensor> function, TensorSpec input) => Trace(a => [function(a[0])], input);

    public static Graph Trace(Func<Tensor, Tensor, Tensor> function, TensorSpec a, TensorSpec b) =>
        Trace(x => [function(x[0], x[1])], a, b);

    /// <summary>Optimises the graph (constant folding, CSE, DCE, elementwise fusion, buffer reuse) into a runnable plan.</summary>
    public Plan Compile(CompileOptions? options = null) => Compiler.GraphCompiler.Compile(this, options ?? new CompileOptions());

    public override string ToString() => GraphPrinter.Print(Compiler.Passes.Live(Nodes, OutputNodes), InputNodes, OutputNodes);
}
