using Sluice.Tensors.Backprop;

namespace Sluice.Tensors;

/// <summary>
/// Reverse-mode automatic differentiation inside <see cref="Graph.Trace(Func{Tensor[], Tensor[]}, TensorSpec[])"/>:
/// adds the gradient nodes of a (scalar, or summed) output to the graph being traced.
/// </summary>
public static class Autodiff
{
    /// <summary>∂Σy/∂x for each traced tensor x (zeros when y does not depend on x).</summary>
    public static Tensor[] Gradients(Tensor y, params Tensor[] xs)
    {
        var tracer = RequireTrace(y);
        var targets = xs.Select(tracer.NodeOf).ToList();
        var grads = ReverseMode.Compute(tracer, y, targets, new HashSet<Node>(), []);
        return xs.Select((x, i) => grads.TryGetValue(targets[i], out var g) ? g : Tensor.Scalar(0f).BroadcastLike(x)).ToArray();
    }

    /// <summary>
    /// Gradients of Σloss with respect to <paramref name="variables"/>. A variable read only through
    /// <see cref="Tensor.Gather"/> gets a sparse-by-rows gradient (ids and rows; ids &lt; 0 contribute nothing).
    /// </summary>
    public static IReadOnlyList<VariableGradient> Gradients(Tensor loss, IReadOnlyList<Variable> variables)
    {
        var tracer = RequireTrace(loss);
        var targets = variables.Select(tracer.NodeOf).ToList();
        var sparse = new HashSet<Node>(targets.Where(t => OnlyGathered(tracer, t)));
        var sparseUses = new Dictionary<Node, List<(Tensor Ids, Tensor Rows)>>();
        var grads = ReverseMode.Compute(tracer, loss, targets, sparse, sparseUses);
        var result = new VariableGradient[variables.Count];
        for (int i = 0; i < variables.Count; i++)
        {
            var node = targets[i];
            if (sparse.Contains(node) && sparseUses.TryGetValue(node, out var uses))
            {
                var ids = uses.Count == 1 ? uses[0].Ids : Tensor.Concat(0, uses.Select(u => u.Ids.Cast(DType.Int64)).ToArray());
                var rows = uses.Count == 1 ? uses[0].Rows : Tensor.Concat(0, uses.Select(u => u.Rows).ToArray());
                result[i] = new VariableGradient(variables[i], null, ids, rows);
            }
            else
            {
                var dense = grads.TryGetValue(node, out var g) ? g : Tensor.Zeros(variables[i].Shape);
                result[i] = new VariableGradient(variables[i], dense, null, null);
            }
        }
        return result;
    }

    private static bool OnlyGathered(Tracer tracer, Node variable)
    {
        bool any = false;
        foreach (var node in tracer.Nodes)
        {
            for (int k = 0; k < node.Inputs.Length; k++)
            {
                if (node.Inputs[k] != variable) continue;
                if (node.Op != Op.Gather || k != 0) return false;
                any = true;
            }
        }
        return any;
    }

    private static Tracer RequireTrace(Tensor y)
    {
        var tracer = Tracer.Current;
        if (tracer is null || !y.IsSymbolic)
            throw new InvalidOperationException("Autodiff.Gradients works on traced tensors: call it inside Graph.Trace.");
        return tracer;
    }
}
