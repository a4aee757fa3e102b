namespace Sluice.Tensors.Execution;

/// <summary>
/// Runs a traced graph node by node through eager mode, unoptimised, allocating every intermediate: the "eager" twin
/// of a compiled plan (for benchmarks and as a test oracle).
/// </summary>
internal static class GraphInterpreter
{
    public static Tensor[] Run(Graph graph, params Tensor[] inputs)
    {
        var live = Compiler.Passes.Live(graph.Nodes, graph.OutputNodes);
        var values = new Dictionary<Node, Tensor>(live.Count);
        for (int i = 0; i < graph.InputNodes.Count; i++) values[graph.InputNodes[i]] = inputs[i];
        foreach (var node in live)
        {
            values[node] = node.Op switch
            {
                Op.Input => values[node],
                Op.Const => ((ConstParams)node.Params!).Value,
                Op.Variable => ((VariableParams)node.Params!).Variable.Value,
                _ => Eager.Run(node.Op, node.Params, Array.ConvertAll(node.Inputs, n => values[n])),
            };
        }
        return Array.ConvertAll(graph.OutputNodes, n => values[n]);
    }
}
