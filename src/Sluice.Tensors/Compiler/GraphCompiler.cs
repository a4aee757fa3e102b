namespace Sluice.Tensors.Compiler;

/// <summary>Runs the passes in order and lays out the plan: DCE → constant folding → CSE → DCE → fusion → buffers.</summary>
internal static class GraphCompiler
{
    public static Plan Compile(Graph graph, CompileOptions options)
    {
        var (nodes, inputs, outputs) = Passes.Clone(graph);
        int traced = nodes.Count;
        if (options.FoldConstants) Passes.FoldConstants(nodes, outputs);
        if (options.EliminateCommonSubexpressions) Passes.EliminateCommonSubexpressions(nodes, outputs);
        nodes = Passes.Live(nodes, [.. outputs, .. inputs]);
        if (options.FuseElementwise) Fusion.Run(nodes, outputs);
        return new Plan(nodes, inputs, outputs, options, traced);
    }
}
