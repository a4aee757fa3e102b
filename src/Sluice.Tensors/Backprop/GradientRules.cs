namespace Sluice.Tensors.Backprop;

/// <summary>
/// Every primitive's vector-Jacobian product, one entry each: given the node, its output gradient g, its inputs x and
/// output y (all symbolic), the gradient for each input (null = none). Broadcasting binary ops reduce with SumLike.
/// The caller accumulates (a node used twice receives both contributions).
/// </summary>
internal static class GradientRules
{
    public static Tensor?[] For(Node node, Tensor g, Tensor[] x, Tensor y) => node.Op switch
    {
        Op.Neg => [-g],
        Op.Exp => [g * y],
        Op.Log => [g / x[0]],
        Op.Sqrt => [g * 0.5f / y],
        Op.Abs => [g * x[0].Sign()],
        Op.Sigmoid => [g * y * (1f - y)],
        Op.Tanh => [g * (1f - y * y)],
        Op.Add => [SumLike(g, x[0]), SumLike(g, x[1])],
        Op.Sub => [SumLike(g, x[0]), SumLike(-g, x[1])],
        Op.Mul => [SumLike(g * x[1], x[0]), SumLike(g * x[0], x[1])],
        Op.Div => [SumLike(g / x[1], x[0]), SumLike(-g * y / x[1], x[1])],
        // The masks read the output, not a: relu's pre-activation then has one reader and fuses with its bias add.
        Op.Maximum => Select(y.Greater(x[1]), g, x),
        Op.Minimum => Select(y.Less(x[1]), g, x),
        Op.Pow => [SumLike(g * x[1] * x[0].Pow(x[1] - 1f), x[0]), SumLike(g * y * x[0].Log(), x[1])],
        Op.Where => [null, SumLike(Tensor.Where(x[0], g, 0f), x[1]), SumLike(Tensor.Where(x[0], Tensor.Scalar(0f), g), x[2])],
        Op.Cast => [x[0].DType == DType.Float32 ? g : null],
        Op.ReduceSum => [KeepDims(g, node).BroadcastLike(x[0])],
        Op.ReduceMax or Op.ReduceMin => [ExtremumGradient(node, g, x[0], y)],
        Op.SumLike => [g.BroadcastLike(x[0]), null],
        Op.BroadcastLike => [SumLike(g, x[0]), null],
        Op.MatMul => MatMul((MatMulParams)node.Params!, g, x[0], x[1]),
        Op.Reshape => [ReshapeLike(g, x[0])],
        Op.ReshapeLike => [ReshapeLike(g, x[0]), null],
        Op.Permute => [g.Permute(Inverse(((PermuteParams)node.Params!).Permutation))],
        Op.Concat => ConcatGradient(node, g),
        Op.Slice => [Tensor.Apply(Op.PadLike, node.Params, g, x[0])],
        Op.PadLike => [g.Slice(((SliceParams)node.Params!).Axis, ((SliceParams)node.Params!).Start, node.Inputs[0].Dims[((SliceParams)node.Params!).Axis]), null],
        Op.Gather => [RowsOf(g, x[0]).SegmentSum(x[1].Reshape(-1), x[0]), null],
        Op.SegmentSum => x.Length == 3 ? [g.Gather(x[1]), null, null] : [g.Gather(x[1]), null],
        // Comparisons, argmax, one-hot, shape counts, random draws and stop-gradient have no gradient.
        _ => new Tensor?[x.Length],
    };

    // Equal traced shapes stay equal at run time (only a leading axis varies, and never above its capacity).
    private static Tensor SumLike(Tensor g, Tensor like) => g.Shape.Equals(like.Shape) ? g : Tensor.Apply(Op.SumLike, null, g, like);

    private static Tensor ReshapeLike(Tensor g, Tensor like) => Tensor.Apply(Op.ReshapeLike, null, g, like);

    private static Tensor?[] Select(Tensor mask, Tensor g, Tensor[] x) =>
        [SumLike(Tensor.Where(mask, g, 0f), x[0]), SumLike(Tensor.Where(mask, Tensor.Scalar(0f), g), x[1])];

    /// <summary>g of a reduction re-shaped with 1s on the reduced axes (the batch axis stays -1 so it may vary).</summary>
    private static Tensor KeepDims(Tensor g, Node node)
    {
        var p = (ReduceParams)node.Params!;
        if (p.KeepDims) return g;
        var input = node.Inputs[0].Dims;
        var dims = input.ToArray();
        foreach (int a in p.Axes) dims[a] = 1;
        if (dims.Length > 0 && dims[0] != 1) dims[0] = -1;
        return g.Reshape(dims);
    }

    private static Tensor ExtremumGradient(Node node, Tensor g, Tensor x, Tensor y)
    {
        var p = (ReduceParams)node.Params!;
        var yk = KeepDims(y, node);
        var mask = x.ElementEquals(yk.BroadcastLike(x)).Cast(DType.Float32);
        var ties = mask.Sum(p.Axes, keepDims: true);
        return (KeepDims(g, node) / ties).BroadcastLike(x) * mask;
    }

    private static Tensor?[] MatMul(MatMulParams p, Tensor g, Tensor a, Tensor b)
    {
        if (a.Rank == 3 && b.Rank == 2)
        {
            // b is shared across the batch: its gradient sums over the batch, i.e. one 2-D product of the flattened rows.
            if (p.TransposeA) throw new NotSupportedException("matmul gradient: a transposed batched operand with a shared b is not supported.");
            int k = a.Shape.Dims[2], n = g.Shape.Dims[2];
            var a2 = a.Reshape(-1, k);
            var g2 = g.Reshape(-1, n);
            var da = p.TransposeB ? g.MatMul(b) : g.MatMul(b, transposeB: true);
            var db = p.TransposeB ? g2.MatMul(a2, transposeA: true) : a2.MatMul(g2, transposeA: true);
            return [da, db];
        }
        return (p.TransposeA, p.TransposeB) switch
        {
            (false, false) => [g.MatMul(b, transposeB: true), a.MatMul(g, transposeA: true)],
            (true, false) => [b.MatMul(g, transposeB: true), a.MatMul(g)],
            (false, true) => [g.MatMul(b), g.MatMul(a, transposeA: true)],
            _ => [b.MatMul(g, true, true), g.MatMul(a, true, true)],
        };
    }

    private static Tensor?[] ConcatGradient(Node node, Tensor g)
    {
        int axis = ((AxisParams)node.Params!).Axis, start = 0;
        var grads = new Tensor?[node.Inputs.Length];
        for (int i = 0; i < grads.Length; i++)
        {
            int length = node.Inputs[i].Dims[axis];
            grads[i] = g.Slice(axis, start, length);
            start += length;
        }
        return grads;
    }

    /// <summary>g of a gather (ids…, d…) as rows (k, d…) with k from the run-time id count.</summary>
    internal static Tensor RowsOf(Tensor g, Tensor table)
    {
        var dims = new int[table.Rank];
        dims[0] = -1;
        for (int i = 1; i < dims.Length; i++) dims[i] = table.Shape.Dims[i];
        return g.Reshape(dims);
    }

    private static int[] Inverse(int[] permutation)
    {
        var inverse = new int[permutation.Length];
        for (int i = 0; i < permutation.Length; i++) inverse[permutation[i]] = i;
        return inverse;
    }
}
