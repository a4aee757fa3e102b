namespace Sluice.Tensors.Ir;

/// <summary>
/// Output shape and type of every primitive, computed without touching data. One rule per op serves eager execution,
/// tracing and the compiled plan (which re-infers shapes each run so the batch size may vary).
/// </summary>
internal static class ShapeRules
{
    /// <summary>Writes the output dims of <paramref name="op"/> into <paramref name="output"/> and returns the rank.</summary>
    public static int Infer(Op op, OpParams? p, ReadOnlySpan<int[]> inputs, Span<int> output)
    {
        switch (op)
        {
            case >= Op.Neg and <= Op.Tanh:
            case Op.Cast or Op.StopGradient or Op.RandomUniformLike:
                return Copy(inputs[0], output);
            case >= Op.Add and <= Op.NotEqual:
                return Broadcast(inputs[0], inputs[1], output, op);
            case Op.Where:
            {
                Span<int> tmp = stackalloc int[Shape.MaxRank];
                int r = Broadcast(inputs[1], inputs[2], tmp, op);
                return Broadcast(inputs[0], tmp[..r], output, op);
            }
            case Op.Fused:
            {
                Span<int> tmp = stackalloc int[Shape.MaxRank];
                int rank = Copy(inputs[0], output);
                for (int i = 1; i < inputs.Length; i++)
                {
                    output[..rank].CopyTo(tmp);
                    rank = Broadcast(tmp[..rank], inputs[i], output, op);
                }
                return rank;
            }
            case Op.ReduceSum or Op.ReduceMax or Op.ReduceMin:
                return Reduce(inputs[0], (ReduceParams)p!, output);
            case Op.ArgMax:
            {
                var x = inputs[0];
                int axis = ((AxisParams)p!).Axis;
                if (axis >= x.Length) throw Error(op, $"axis {axis} out of range for {Shape.Format(x)}");
                int r = 0;
                for (int i = 0; i < x.Length; i++) if (i != axis) output[r++] = x[i];
                return r;
            }
            case Op.SumLike:
                CheckBroadcastable(inputs[1], inputs[0], op);
                return Copy(inputs[1], output);
            case Op.BroadcastLike:
                CheckBroadcastable(inputs[0], inputs[1], op);
                return Copy(inputs[1], output);
            case Op.ReshapeLike:
                if (Shape.Count(inputs[0]) != Shape.Count(inputs[1]))
                    throw Error(op, $"cannot view {Shape.Format(inputs[0])} as {Shape.Format(inputs[1])}");
                return Copy(inputs[1], output);
            case Op.PadLike:
            {
                var s = (SliceParams)p!;
                var x = inputs[0];
                var like = inputs[1];
                if (x.Length != like.Length || s.Start + x[s.Axis] > like[s.Axis])
                    throw Error(op, $"cannot place {Shape.Format(x)} at {s.Start} in {Shape.Format(like)}");
                return Copy(like, output);
            }
            case Op.ShapeCount:
                return 0;
            case Op.MatMul:
                return MatMul(inputs[0], inputs[1], (MatMulParams)p!, output);
            case Op.Reshape:
                return Reshape(inputs[0], ((ReshapeParams)p!).Dims, output);
            case Op.Permute:
            {
                var perm = ((PermuteParams)p!).Permutation;
                var x = inputs[0];
                if (perm.Length != x.Length) throw Error(op, $"permutation of length {perm.Length} for {Shape.Format(x)}");
                for (int i = 0; i < perm.Length; i++) output[i] = x[perm[i]];
                return perm.Length;
            }
            case Op.Concat:
                return Concat(inputs, ((AxisParams)p!).Axis, output);
            case Op.Slice:
            {
                var s = (SliceParams)p!;
                var x = inputs[0];
                if (s.Axis >= x.Length || s.Start < 0 || s.Length < 0 || s.Start + s.Length > x[s.Axis])
                    throw Error(op, $"slice start {s.Start} length {s.Length} on axis {s.Axis} is outside {Shape.Format(x)}");
                int r = Copy(x, output);
                output[s.Axis] = s.Length;
                return r;
            }
            case Op.Gather:
            {
                var table = inputs[0];
                var ids = inputs[1];
                if (table.Length < 1) throw Error(op, "params must have rank ≥ 1");
                if (ids.Length + table.Length - 1 > Shape.MaxRank) throw Error(op, "result rank too large");
                ids.CopyTo(output);
                table.AsSpan(1).CopyTo(output[ids.Length..]);
                return ids.Length + table.Length - 1;
            }
            case Op.SegmentSum:
            {
                var data = inputs[0];
                var ids = inputs[1];
                int segments = ((SegmentSumParams)p!).NumSegments;
                if (segments < 0) segments = inputs[2].Length > 0 ? inputs[2][0] : 1;
                if (ids.Length > data.Length || !data.AsSpan(0, ids.Length).SequenceEqual(ids))
                    throw Error(op, $"segment ids {Shape.Format(ids)} must match the leading axes of data {Shape.Format(data)}");
                output[0] = segments;
                data.AsSpan(ids.Length).CopyTo(output[1..]);
                return 1 + data.Length - ids.Length;
            }
            case Op.OneHot:
            {
                var ids = inputs[0];
                if (ids.Length + 1 > Shape.MaxRank) throw Error(op, "result rank too large");
                ids.CopyTo(output);
                output[ids.Length] = ((OneHotParams)p!).Depth;
                return ids.Length + 1;
            }
            default:
                throw new InvalidOperationException($"No shape rule for {op} (leaves carry their own shape).");
        }
    }

    /// <summary>The output element type, validating input types.</summary>
    public static DType InferType(Op op, OpParams? p, ReadOnlySpan<DType> inputs)
    {
        switch (op)
        {
            case >= Op.Neg and <= Op.Pow:
            case >= Op.Less and <= Op.NotEqual:
            case Op.ReduceSum or Op.ReduceMax or Op.ReduceMin or Op.ArgMax or Op.SumLike or Op.MatMul:
                for (int i = 0; i < inputs.Length; i++) RequireFloat(op, inputs[i], i);
                return op is >= Op.Less and <= Op.NotEqual ? DType.Bool : op == Op.ArgMax ? DType.Int32 : DType.Float32;
            case Op.Where:
                if (inputs[0] != DType.Bool) throw Error(op, $"condition must be bool, not {DTypes.ShortName(inputs[0])}");
                RequireFloat(op, inputs[1], 1);
                RequireFloat(op, inputs[2], 2);
                return DType.Float32;
            case Op.Cast:
                return ((CastParams)p!).To;
            case Op.ShapeCount or Op.RandomUniformLike:
                return DType.Float32;
            case Op.Gather:
            case Op.SegmentSum:
                if (!DTypes.IsInteger(inputs[1])) throw Error(op, $"indices must be i32 or i64, not {DTypes.ShortName(inputs[1])}");
                return inputs[0];
            case Op.OneHot:
                if (!DTypes.IsInteger(inputs[0])) throw Error(op, $"indices must be i32 or i64, not {DTypes.ShortName(inputs[0])}");
                return DType.Float32;
            case Op.Concat:
                for (int i = 1; i < inputs.Length; i++)
                    if (inputs[i] != inputs[0]) throw Error(op, $"input {i} is {DTypes.ShortName(inputs[i])}, input 0 is {DTypes.ShortName(inputs[0])}");
                return inputs[0];
            case Op.Fused:
                return DType.Float32;
            default:
                return inputs[0];
        }
    }

    public static int Broadcast(ReadOnlySpan<int> a, ReadOnlySpan<int> b, Span<int> result, Op op = Op.Add)
    {
        int rank = Math.Max(a.Length, b.Length);
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            int db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da != db && da != 1 && db != 1)
                throw Error(op, $"shapes {Shape.Format(a)} and {Shape.Format(b)} do not broadcast (axis {i}: {da} vs {db})");
            result[i] = da == 1 ? db : da;
        }
        return rank;
    }

    /// <summary>Throws unless <paramref name="small"/> broadcasts to exactly <paramref name="large"/>.</summary>
    private static void CheckBroadcastable(ReadOnlySpan<int> small, ReadOnlySpan<int> large, Op op)
    {
        bool ok = small.Length <= large.Length;
        for (int i = 0; ok && i < small.Length; i++)
        {
            int d = small[i], D = large[large.Length - small.Length + i];
            ok = d == D || d == 1;
        }
        if (!ok) throw Error(op, $"{Shape.Format(small)} does not broadcast to {Shape.Format(large)}");
    }

    private static int Copy(ReadOnlySpan<int> x, Span<int> output)
    {
        x.CopyTo(output);
        return x.Length;
    }

    private static int Reduce(ReadOnlySpan<int> x, ReduceParams p, Span<int> output)
    {
        int r = 0, next = 0;
        for (int i = 0; i < x.Length; i++)
        {
            bool reduced = next < p.Axes.Length && p.Axes[next] == i;
            if (reduced) next++;
            if (!reduced) output[r++] = x[i];
            else if (p.KeepDims) output[r++] = 1;
        }
        if (next != p.Axes.Length) throw Error(Op.ReduceSum, $"axes ({string.Join(",", p.Axes)}) out of range for {Shape.Format(x)}");
        return r;
    }

    private static int MatMul(ReadOnlySpan<int> a, ReadOnlySpan<int> b, MatMulParams p, Span<int> output)
    {
        if (a.Length is not (2 or 3) || b.Length is not (2 or 3) || b.Length > a.Length)
            throw Error(Op.MatMul, $"expects rank-2 or batched rank-3 operands, got {Shape.Format(a)} and {Shape.Format(b)}");
        int ra = a.Length - 2, rb = b.Length - 2;
        int m = p.TransposeA ? a[ra + 1] : a[ra], ka = p.TransposeA ? a[ra] : a[ra + 1];
        int kb = p.TransposeB ? b[rb + 1] : b[rb], n = p.TransposeB ? b[rb] : b[rb + 1];
        if (ka != kb)
            throw Error(Op.MatMul, $"inner dimensions differ: {Shape.Format(a)}{(p.TransposeA ? "ᵀ" : "")} · {Shape.Format(b)}{(p.TransposeB ? "ᵀ" : "")} ({ka} vs {kb})");
        if (a.Length == 3 && b.Length == 3 && a[0] != b[0])
            throw Error(Op.MatMul, $"batch sizes differ: {Shape.Format(a)} and {Shape.Format(b)}");
        int r = 0;
        if (a.Length == 3) output[r++] = a[0];
        output[r++] = m;
        output[r++] = n;
        return r;
    }

    private static int Reshape(ReadOnlySpan<int> x, int[] target, Span<int> output)
    {
        int total = Shape.Count(x), known = 1, inferred = -1;
        for (int i = 0; i < target.Length; i++)
        {
            if (target[i] == -1)
            {
                if (inferred >= 0) throw Error(Op.Reshape, "at most one dimension may be -1");
                inferred = i;
            }
            else known *= target[i];
            output[i] = target[i];
        }
        if (inferred >= 0)
        {
            if (known == 0 || total % known != 0)
                throw Error(Op.Reshape, $"cannot reshape {Shape.Format(x)} ({total} elements) to {Shape.Format(target)}");
            output[inferred] = total / known;
        }
        else if (known != total)
            throw Error(Op.Reshape, $"cannot reshape {Shape.Format(x)} ({total} elements) to {Shape.Format(target)} ({known} elements)");
        return target.Length;
    }

    private static int Concat(ReadOnlySpan<int[]> inputs, int axis, Span<int> output)
    {
        var first = inputs[0];
        int r = Copy(first, output);
        for (int i = 1; i < inputs.Length; i++)
        {
            var x = inputs[i];
            bool ok = x.Length == first.Length;
            for (int d = 0; ok && d < x.Length; d++) ok = d == axis || x[d] == first[d];
            if (!ok) throw Error(Op.Concat, $"input {i} {Shape.Format(x)} does not match input 0 {Shape.Format(first)} outside axis {axis}");
            output[axis] += x[axis];
        }
        return r;
    }

    private static void RequireFloat(Op op, DType type, int index)
    {
        if (type != DType.Float32) throw Error(op, $"input {index} must be f32, not {DTypes.ShortName(type)}");
    }

    internal static ArgumentException Error(Op op, string message) => new($"{OpKinds.Name(op)}: {message}.");
}
