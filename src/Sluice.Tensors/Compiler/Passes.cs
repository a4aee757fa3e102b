namespace Sluice.Tensors.Compiler;

/// <summary>Graph-to-graph passes over a private copy of the nodes (topological order): DCE, constant folding, CSE.</summary>
internal static class Passes
{
    /// <summary>The nodes reachable from <paramref name="outputs"/>, in their original (topological) order.</summary>
    public static List<Node> Live(IReadOnlyList<Node> nodes, IReadOnlyList<Node> outputs)
    {
        var live = new HashSet<Node>();
        var stack = new Stack<Node>(outputs);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (!live.Add(node)) continue;
            foreach (var input in node.Inputs) stack.Push(input);
        }
        var result = new List<Node>(live.Count);
        foreach (var node in nodes) if (live.Contains(node)) result.Add(node);
        return result;
    }

    /// <summary>A deep copy (the compiler rewrites inputs in place and must not disturb the traced graph).</summary>
    public static (List<Node> Nodes, List<Node> Inputs, Node[] Outputs) Clone(Graph graph)
    {
        var map = new Dictionary<Node, Node>();
        var nodes = new List<Node>();
        foreach (var node in Live(graph.Nodes, graph.OutputNodes.Concat(graph.InputNodes).ToList()))
        {
            var inputs = new Node[node.Inputs.Length];
            for (int i = 0; i < inputs.Length; i++) inputs[i] = map[node.Inputs[i]];
            var copy = new Node(node.Id, node.Op, node.Params, inputs, node.DType, node.Dims);
            map[node] = copy;
            nodes.Add(copy);
        }
        return (nodes, graph.InputNodes.Select(n => map[n]).ToList(), graph.OutputNodes.Select(n => map[n]).ToArray());
    }

    /// <summary>Evaluates, once, every node whose inputs are all constants (through the same eager kernels).</summary>
    public static void FoldConstants(List<Node> nodes, Node[] outputs)
    {
        var replaced = new Dictionary<Node, Node>();
        for (int i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            Remap(node, replaced);
            if (node.IsLeaf || node.Op == Op.RandomUniformLike) continue;
            bool allConstant = true;
            foreach (var input in node.Inputs) allConstant &= input.Op == Op.Const;
            if (!allConstant) continue;
            var args = new Tensor[node.Inputs.Length];
            for (int k = 0; k < args.Length; k++) args[k] = ((ConstParams)node.Inputs[k].Params!).Value;
            var value = Eager.Run(node.Op, node.Params, args);
            var folded = new Node(node.Id, Op.Const, new ConstParams(value), [], node.DType, node.Dims);
            replaced[node] = folded;
            nodes[i] = folded;
        }
        RemapOutputs(outputs, replaced);
    }

    /// <summary>Merges nodes computing the same op on the same inputs with the same parameters.</summary>
    public static void EliminateCommonSubexpressions(List<Node> nodes, Node[] outputs)
    {
        var seen = new Dictionary<string, Node>();
        var constants = new Dictionary<object, Node>(ReferenceEqualityComparer.Instance);
        var replaced = new Dictionary<Node, Node>();
        for (int i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            Remap(node, replaced);
            Node? same = null;
            if (node.Op == Op.Input) continue;
            object? identity = node.Params switch
            {
                ConstParams c when c.Value.Shape.ElementCount > 1 => c.Value,
                VariableParams v => v.Variable,
                _ => null,
            };
            if (identity is not null)
            {
                if (!constants.TryAdd(identity, node)) same = constants[identity];
            }
            else
            {
                string key = Key(node);
                if (!seen.TryAdd(key, node)) same = seen[key];
            }
            if (same is not null) replaced[node] = same;
        }
        RemapOutputs(outputs, replaced);
        nodes.RemoveAll(replaced.ContainsKey);
    }

    private static string Key(Node node)
    {
        var sb = new System.Text.StringBuilder();
        sb.Append((int)node.Op).Append('|').Append(node.Params?.ToString()).Append('|').Append((int)node.DType).Append(Shape.Format(node.Dims));
        foreach (var input in node.Inputs) sb.Append('|').Append(input.Id);
        return sb.ToString();
    }

    internal static void Remap(Node node, Dictionary<Node, Node> replaced)
    {
        if (replaced.Count == 0) return;
        for (int k = 0; k < node.Inputs.Length; k++)
            if (replaced.TryGetValue(node.Inputs[k], out var r)) node.Inputs[k] = r;
    }

    internal static void RemapOutputs(Node[] outputs, Dictionary<Node, Node> replaced)
    {
        for (int i = 0; i < outputs.Length; i++)
            if (replaced.TryGetValue(outputs[i], out var r)) outputs[i] = r;
    }
}
