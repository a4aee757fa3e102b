using Sluice.Kernels;
using K = Sluice.Kernels;

namespace Sluice.Tensors.Execution;

/// <summary>
/// Runs one primitive on buffers whose output dims are already inferred. Eager mode, constant folding and the compiled
/// plan all come through this switch, so there is exactly one implementation of each op.
/// </summary>
internal static class OpKernels
{
    public static void Run(Op op, OpParams? p, ReadOnlySpan<Buf> ins, in Buf o, KernelContext ctx)
    {
        switch (op)
        {
            case Op.Neg: K.Elementwise.Unary<UnaryOps.Negate>(ins[0].F, o.F); break;
            case Op.Exp: K.Elementwise.Unary<UnaryOps.Exp>(ins[0].F, o.F); break;
            case Op.Log: K.Elementwise.Unary<UnaryOps.Log>(ins[0].F, o.F); break;
            case Op.Sqrt: K.Elementwise.Unary<UnaryOps.Sqrt>(ins[0].F, o.F); break;
            case Op.Abs: K.Elementwise.Unary<UnaryOps.Abs>(ins[0].F, o.F); break;
            case Op.Sign: K.Elementwise.Unary<SignOp>(ins[0].F, o.F); break;
            case Op.Sigmoid: K.Elementwise.Unary<UnaryOps.Sigmoid>(ins[0].F, o.F); break;
            case Op.Tanh: K.Elementwise.Unary<UnaryOps.Tanh>(ins[0].F, o.F); break;
            case Op.Add: Broadcasting.Broadcast<BinaryOps.Add>(ins[0], ins[1], o); break;
            case Op.Sub: Broadcasting.Broadcast<BinaryOps.Subtract>(ins[0], ins[1], o); break;
            case Op.Mul: Broadcasting.Broadcast<BinaryOps.Multiply>(ins[0], ins[1], o); break;
            case Op.Div: Broadcasting.Broadcast<BinaryOps.Divide>(ins[0], ins[1], o); break;
            case Op.Maximum: Broadcasting.Broadcast<BinaryOps.Maximum>(ins[0], ins[1], o); break;
            case Op.Minimum: Broadcasting.Broadcast<BinaryOps.Minimum>(ins[0], ins[1], o); break;
            case Op.Pow: Broadcasting.Broadcast<PowOp>(ins[0], ins[1], o); break;
            case Op.Less: Broadcasting.Compare<ComparisonOps.Less>(ins[0], ins[1], o); break;
            case Op.LessEqual: Broadcasting.Compare<ComparisonOps.LessOrEqual>(ins[0], ins[1], o); break;
            case Op.Greater: Broadcasting.Compare<ComparisonOps.Greater>(ins[0], ins[1], o); break;
            case Op.GreaterEqual: Broadcasting.Compare<ComparisonOps.GreaterOrEqual>(ins[0], ins[1], o); break;
            case Op.Equal: Broadcasting.Compare<ComparisonOps.Equal>(ins[0], ins[1], o); break;
            case Op.NotEqual: Broadcasting.Compare<ComparisonOps.NotEqual>(ins[0], ins[1], o); break;
            case Op.Where: Broadcasting.Where(ins[0], ins[1], ins[2], o); break;
            case Op.Cast: Movement.Cast(ins[0], o); break;
            case Op.StopGradient or Op.Reshape or Op.ReshapeLike: CopyIfNotAliased(ins[0], o); break;
            case Op.ReduceSum or Op.ReduceMax or Op.ReduceMin:
            {
                Span<int> aligned = stackalloc int[Shape.MaxRank];
                Reductions.AlignedDims(ins[0].Dims, ((ReduceParams)p!).Axes, aligned);
                var kind = op == Op.ReduceSum ? ReduceKind.Sum : op == Op.ReduceMax ? ReduceKind.Max : ReduceKind.Min;
                Reductions.Reduce(kind, ins[0], aligned[..ins[0].Rank], o.F);
                break;
            }
            case Op.SumLike:
            {
                Span<int> aligned = stackalloc int[Shape.MaxRank];
                Reductions.AlignedLike(o.Dims, ins[0].Rank, aligned);
                Reductions.Reduce(ReduceKind.Sum, ins[0], aligned[..ins[0].Rank], o.F);
                break;
            }
            case Op.ArgMax: Reductions.ArgMax(ins[0], ((AxisParams)p!).Axis, o.I); break;
            case Op.BroadcastLike:
                switch (o.Data)
                {
                    case float[]: Movement.BroadcastTo<float>(ins[0].F, ins[0].Dims, o.F, o.Dims); break;
                    case int[]: Movement.BroadcastTo<int>(ins[0].I, ins[0].Dims, o.I, o.Dims); break;
                    case long[]: Movement.BroadcastTo<long>(ins[0].L, ins[0].Dims, o.L, o.Dims); break;
                    default: Movement.BroadcastTo<bool>(ins[0].B, ins[0].Dims, o.B, o.Dims); break;
                }
                break;
            case Op.ShapeCount:
            {
                int count = 1;
                foreach (int axis in ((ReduceParams)p!).Axes) count *= ins[0].Dims[axis];
                o.F[0] = count;
                break;
            }
            case Op.MatMul: MatMulKernel.Run(ins[0], ins[1], o, (MatMulParams)p!); break;
            case Op.Permute:
            {
                var perm = ((PermuteParams)p!).Permutation;
                switch (o.Data)
                {
                    case float[]: Movement.Permute<float>(ins[0].F, ins[0].Dims, perm, o.F, o.Dims); break;
                    case int[]: Movement.Permute<int>(ins[0].I, ins[0].Dims, perm, o.I, o.Dims); break;
                    case long[]: Movement.Permute<long>(ins[0].L, ins[0].Dims, perm, o.L, o.Dims); break;
                    default: Movement.Permute<bool>(ins[0].B, ins[0].Dims, perm, o.B, o.Dims); break;
                }
                break;
            }
            case Op.Concat:
            {
                int axis = ((AxisParams)p!).Axis;
                switch (o.Data)
                {
                    case float[]: Movement.Concat<float>(ins, axis, o.F, o.Dims); break;
                    case int[]: Movement.Concat<int>(ins, axis, o.I, o.Dims); break;
                    case long[]: Movement.Concat<long>(ins, axis, o.L, o.Dims); break;
                    default: Movement.Concat<bool>(ins, axis, o.B, o.Dims); break;
                }
                break;
            }
            case Op.Slice:
            {
                var s = (SliceParams)p!;
                switch (o.Data)
                {
                    case float[]: Movement.Slice<float>(ins[0].F, ins[0].Dims, s, o.F); break;
                    case int[]: Movement.Slice<int>(ins[0].I, ins[0].Dims, s, o.I); break;
                    case long[]: Movement.Slice<long>(ins[0].L, ins[0].Dims, s, o.L); break;
                    default: Movement.Slice<bool>(ins[0].B, ins[0].Dims, s, o.B); break;
                }
                break;
            }
            case Op.PadLike: Movement.PadLike(ins[0].F, ins[0].Dims, (SliceParams)p!, o.F, o.Dims); break;
            case Op.Gather:
            {
                int rows = ins[0].Dims[0];
                switch (o.Data)
                {
                    case float[]: Indexing.Gather<float>(ins[0].F, rows, ins[1], o.F); break;
                    case int[]: Indexing.Gather<int>(ins[0].I, rows, ins[1], o.I); break;
                    case long[]: Indexing.Gather<long>(ins[0].L, rows, ins[1], o.L); break;
                    default: Indexing.Gather<bool>(ins[0].B, rows, ins[1], o.B); break;
                }
                break;
            }
            case Op.SegmentSum: Indexing.SegmentSum(ins[0].F, ins[1], o.Dims[0], o.F); break;
            case Op.OneHot: Indexing.OneHot(ins[0], ((OneHotParams)p!).Depth, o.F); break;
            case Op.RandomUniformLike:
                Random.Philox.FillUniform(ctx.Seed + ((RandomParams)p!).Salt * 0x9E3779B97F4A7C15UL, ctx.Run, o.F);
                break;
            case Op.Fused: Compiler.FusedKernel.Run((Compiler.FusedParams)p!, ins, o); break;
            default: throw new InvalidOperationException($"{op} has no kernel.");
        }
    }

    private static void CopyIfNotAliased(in Buf x, in Buf o)
    {
        if (ReferenceEquals(x.Data, o.Data) && x.Offset == o.Offset) return;
        Array.Copy(x.Data, x.Offset, o.Data, o.Offset, o.Length);
    }
}
