namespace Sluice.Tensors.Compiler;

/// <summary>
/// Fuses chains of elementwise ops into one <see cref="Op.Fused"/> node. A producer joins a group when it is
/// elementwise, has the group's output shape, all its readers are in the group, and it is not a graph output. Group inputs
/// must be the same shape as the output, a scalar, a trailing row (bias) or a leading column (per-row value).
/// </summary>
internal static class Fusion
{
    public static void Run(List<Node> nodes, Node[] outputs)
    {
        var consumers = new Dictionary<Node, List<Node>>();
        foreach (var node in nodes)
            foreach (var input in node.Inputs)
            {
                if (!consumers.TryGetValue(input, out var list)) consumers[input] = list = [];
                list.Add(node);
            }
        var isOutput = new HashSet<Node>(outputs);

        var grouped = new HashSet<Node>();
        var replaced = new Dictionary<Node, Node>();
        for (int i = nodes.Count - 1; i >= 0; i--)
        {
            var root = nodes[i];
            if (grouped.Contains(root) || !OpKinds.IsElementwise(root.Op) || root.DType != DType.Float32 || !InputsFusable(root, root)) continue;
            var members = new List<Node> { root };
            // Grow to a fixpoint: a producer joins once every one of its readers is already in the group (so nothing
            // outside ever needs an intermediate, and a value read by several members is still computed once).
            for (bool grew = true; grew;)
            {
                grew = false;
                for (int m = 0; m < members.Count; m++)
                {
                    foreach (var input in members[m].Inputs)
                    {
                        if (members.Contains(input) || grouped.Contains(input) || isOutput.Contains(input) || !OpKinds.IsElementwise(input.Op)
                            || !input.Dims.AsSpan().SequenceEqual(root.Dims) || !InputsFusable(input, root)) continue;
                        bool allReadersInside = true;
                        foreach (var reader in consumers[input]) allReadersInside &= members.Contains(reader);
                        if (!allReadersInside) continue;
                        members.Add(input);
                        grew = true;
                    }
                }
            }
            if (members.Count < 2) continue;
            foreach (var m in members) grouped.Add(m);
            var fused = Build(root, members, nodes);
            replaced[root] = fused;
            nodes[i] = fused;
        }
        nodes.RemoveAll(n => grouped.Contains(n) && !replaced.ContainsKey(n));
        foreach (var node in nodes) Passes.Remap(node, replaced);
        Passes.RemapOutputs(outputs, replaced);
    }

    private static bool InputsFusable(Node node, Node root)
    {
        foreach (var input in node.Inputs)
        {
            if (input.DType is not (DType.Float32 or DType.Bool)) return false;
            if (input.ElementCount == 1 || input.Dims.AsSpan().SequenceEqual(root.Dims)) continue;
            if (Broadcasting.SuffixLength(input.Dims, root.Dims) > 0 || Broadcasting.PrefixBlock(input.Dims, root.Dims) > 0) continue;
            return false;
        }
        return true;
    }

    private static Node Build(Node root, List<Node> members, List<Node> order)
    {
        // Members in topological order (their order in the node list), externals numbered first.
        var position = new Dictionary<Node, int>();
        for (int i = 0; i < order.Count; i++) position[order[i]] = i;
        members.Sort((a, b) => position[a].CompareTo(position[b]));
        var externals = new List<Node>();
        var register = new Dictionary<Node, int>();
        foreach (var m in members)
            foreach (var input in m.Inputs)
                if (!members.Contains(input) && !register.ContainsKey(input))
                {
                    register[input] = externals.Count;
                    externals.Add(input);
                }
        var code = new FusedInstruction[members.Count];
        for (int i = 0; i < members.Count; i++)
        {
            var m = members[i];
            register[m] = externals.Count + i;
            int Operand(int k) => k < m.Inputs.Length ? register[m.Inputs[k]] : -1;
            code[i] = new FusedInstruction(m.Op, register[m], Operand(0), Operand(1), Operand(2));
        }
        var program = new FusedParams(code, externals.Count, externals.Count + members.Count);
        return new Node(root.Id, Op.Fused, program, externals.ToArray(), DType.Float32, root.Dims);
    }
}
