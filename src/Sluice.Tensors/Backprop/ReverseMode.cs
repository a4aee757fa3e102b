namespace Sluice.Tensors.Backprop;

/// <summary>Reverse-mode accumulation over the traced nodes, using <see cref="GradientRules"/>.</summary>
internal static class ReverseMode
{
    /// <summary>
    /// Gradients of Σ<paramref name="y"/> with respect to each of <paramref name="targets"/>. Nodes in
    /// <paramref name="sparse"/> are not differentiated through their Gather consumers; instead each such use is
    /// returned as (ids, rows of g).
    /// </summary>
    public static Dictionary<Node, Tensor> Compute(Tracer tracer, Tensor y, IReadOnlyCollection<Node> targets,
        IReadOnlySet<Node> sparse, Dictionary<Node, List<(Tensor Ids, Tensor Rows)>> sparseUses)
    {
        var yNode = tracer.NodeOf(y);
        var nodes = tracer.Nodes;
        int end = nodes.IndexOf(yNode);

        // Only nodes on a path from a target to y carry gradient.
        var fromTarget = new HashSet<Node>(targets);
        for (int i = 0; i <= end; i++)
            foreach (var input in nodes[i].Inputs)
                if (fromTarget.Contains(input)) { fromTarget.Add(nodes[i]); break; }

        var grads = new Dictionary<Node, Tensor>
        {
            [yNode] = y.Rank == 0 ? Tensor.Scalar(1f) : Tensor.Scalar(1f).BroadcastLike(y),
        };
        for (int i = end; i >= 0; i--)
        {
            var node = nodes[i];
            if (node.IsLeaf || !fromTarget.Contains(node) || !grads.TryGetValue(node, out var g)) continue;
            var x = new Tensor[node.Inputs.Length];
            for (int k = 0; k < x.Length; k++) x[k] = new Tensor(node.Inputs[k], tracer);
            if (node.Op == Op.Gather && sparse.Contains(node.Inputs[0]))
            {
                if (!sparseUses.TryGetValue(node.Inputs[0], out var uses)) sparseUses[node.Inputs[0]] = uses = [];
                uses.Add((x[1].Reshape(-1), GradientRules.RowsOf(g, x[0])));
                continue;
            }
            var inputGrads = GradientRules.For(node, g, x, new Tensor(node, tracer));
            for (int k = 0; k < inputGrads.Length; k++)
            {
                var input = node.Inputs[k];
                var ig = inputGrads[k];
                if (ig is null || !fromTarget.Contains(input)) continue;
                grads[input] = grads.TryGetValue(input, out var previous) ? previous + ig : ig;
            }
        }
        return grads;
    }
}
