using System.Globalization;
using System.Text;

namespace Sluice.Tensors.Ir;

/// <summary>Prints a graph as a jaxpr-like listing: <c>{ x:f32[3] -> a:f32[3] = mul x x ; b:f32[] = sum a ; return b }</c>.</summary>
internal static class GraphPrinter
{
    public static string Print(IReadOnlyList<Node> nodes, IReadOnlyList<Node> inputs, IReadOnlyList<Node> outputs, string separator = " ; ")
    {
        var names = new Dictionary<Node, string>();
        int next = 0;
        foreach (var input in inputs) names[input] = ((InputParams)input.Params!).Name;
        var sb = new StringBuilder("{ ");
        sb.AppendJoin(", ", inputs.Select(i => $"{names[i]}:{Type(i)}"));
        sb.Append(" -> ");
        bool first = true;
        foreach (var node in nodes)
        {
            if (node.Op == Op.Input || IsInlined(node)) continue;
            string name = NextName(ref next, names);
            names[node] = name;
            if (!first) sb.Append(separator);
            first = false;
            sb.Append(name).Append(':').Append(Type(node)).Append(" = ").Append(OpKinds.Name(node.Op));
            string parameters = node.Params?.ToString() ?? "";
            if (parameters.Length > 0) sb.Append('[').Append(parameters).Append(']');
            foreach (var input in node.Inputs) sb.Append(' ').Append(Operand(input, names));
        }
        if (!first) sb.Append(separator);
        sb.Append("return ").AppendJoin(' ', outputs.Select(o => Operand(o, names))).Append(" }");
        return sb.ToString();
    }

    private static bool IsInlined(Node node) => node.Op == Op.Const && node.ElementCount == 1 && node.Dims.Length == 0;

    private static string Operand(Node node, Dictionary<Node, string> names) =>
        IsInlined(node) ? node.Params!.ToString()! : names.TryGetValue(node, out var n) ? n : $"%{node.Id}";

    private static string Type(Node node) => DTypes.ShortName(node.DType) + Shape.Format(node.Dims);

    private static string NextName(ref int next, Dictionary<Node, string> names)
    {
        while (true)
        {
            int n = next++;
            var sb = new StringBuilder();
            do
            {
                sb.Insert(0, (char)('a' + n % 26));
                n = n / 26 - 1;
            } while (n >= 0);
            string name = sb.ToString();
            if (!names.ContainsValue(name)) return name;
        }
    }

    internal static string Format(float value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
