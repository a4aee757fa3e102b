using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Sluice.Tensors.Compiler;

/// <summary>Runs a fused program block by block: load inputs into registers, run each op vectorised, store the result.</summary>
internal static class FusedKernel
{
    public const int BlockSize = 256;

    private enum Load { Full, Scalar, Row, Column }

    public static void Run(FusedParams program, ReadOnlySpan<Buf> inputs, in Buf output)
    {
        int n = output.Length;
        Span<Load> modes = stackalloc Load[inputs.Length];
        Span<int> widths = stackalloc int[inputs.Length];
        var registers = program.Registers;
        var home = program.Home;
        var offset = program.HomeOffset;
        for (int r = 0; r < home.Length; r++)
        {
            home[r] = registers;
            offset[r] = r * BlockSize;
        }
        for (int j = 0; j < inputs.Length; j++)
        {
            var x = inputs[j];
            if (x.Length == n) modes[j] = Load.Full;
            else if (x.Length == 1) modes[j] = Load.Scalar;
            else if ((widths[j] = Elementwise.SuffixLength(x.Dims, output.Dims)) > 0) modes[j] = Load.Row;
            else if ((widths[j] = Elementwise.PrefixBlock(x.Dims, output.Dims)) > 0) modes[j] = Load.Column;
            else throw new InvalidOperationException($"fused: input {j} {Shape.Format(x.Dims)} does not broadcast to {Shape.Format(output.Dims)} in a fusable way.");
            // A scalar is splatted once per run, not per block.
            if (modes[j] == Load.Scalar) LoadBlock(x, Load.Scalar, 0, 0, registers.AsSpan(j * BlockSize, BlockSize));
        }
        int last = program.Code[^1].Destination;
        var outputArray = (float[])output.Data;
        for (int start = 0; start < n; start += BlockSize)
        {
            int len = Math.Min(BlockSize, n - start);
            for (int j = 0; j < inputs.Length; j++)
            {
                if (modes[j] == Load.Scalar) continue;
                if (modes[j] == Load.Full && inputs[j].Data is float[] direct)
                {
                    // Same-shape f32 inputs are read in place: no copy into the register file.
                    home[j] = direct;
                    offset[j] = inputs[j].Offset + start;
                    continue;
                }
                LoadBlock(inputs[j], modes[j], widths[j], start, registers.AsSpan(j * BlockSize, len));
            }
            // The last instruction writes straight into the output.
            home[last] = outputArray;
            offset[last] = output.Offset + start;
            foreach (var ins in program.Code) Execute(ins, home, offset, len);
        }
    }

    private static void LoadBlock(in Buf x, Load mode, int width, int start, Span<float> register)
    {
        if (x.Data is bool[])
        {
            var b = x.B;
            for (int t = 0; t < register.Length; t++)
            {
                int i = start + t;
                int at = mode switch { Load.Full => i, Load.Scalar => 0, Load.Row => i % width, _ => i / width };
                register[t] = b[at] ? 1f : 0f;
            }
            return;
        }
        var f = x.F;
        switch (mode)
        {
            case Load.Full:
                f.Slice(start, register.Length).CopyTo(register);
                break;
            case Load.Scalar:
                register.Fill(f[0]);
                break;
            case Load.Row:
                for (int t = 0; t < register.Length;)
                {
                    int at = (start + t) % width, run = Math.Min(width - at, register.Length - t);
                    f.Slice(at, run).CopyTo(register.Slice(t, run));
                    t += run;
                }
                break;
            default:
                for (int t = 0; t < register.Length;)
                {
                    int i = start + t, run = Math.Min(width - i % width, register.Length - t);
                    register.Slice(t, run).Fill(f[i / width]);
                    t += run;
                }
                break;
        }
    }

    private static void Execute(FusedInstruction ins, float[][] home, int[] offset, int len)
    {
        var dst = home[ins.Destination].AsSpan(offset[ins.Destination], len);
        var a = home[ins.A].AsSpan(offset[ins.A], len);
        var b = ins.B >= 0 ? home[ins.B].AsSpan(offset[ins.B], len) : default;
        switch (ins.Op)
        {
            case Op.Neg: Elementwise.Unary<NegOp>(a, dst); break;
            case Op.Exp: Elementwise.Unary<ExpOp>(a, dst); break;
            case Op.Log: Elementwise.Unary<LogOp>(a, dst); break;
            case Op.Sqrt: Elementwise.Unary<SqrtOp>(a, dst); break;
            case Op.Abs: Elementwise.Unary<AbsOp>(a, dst); break;
            case Op.Sign: Elementwise.Unary<SignOp>(a, dst); break;
            case Op.Sigmoid: Elementwise.Unary<SigmoidOp>(a, dst); break;
            case Op.Tanh: Elementwise.Unary<TanhOp>(a, dst); break;
            case Op.Add: Elementwise.Binary<AddOp>(a, b, dst); break;
            case Op.Sub: Elementwise.Binary<SubOp>(a, b, dst); break;
            case Op.Mul: Elementwise.Binary<MulOp>(a, b, dst); break;
            case Op.Div: Elementwise.Binary<DivOp>(a, b, dst); break;
            case Op.Maximum: Elementwise.Binary<MaximumOp>(a, b, dst); break;
            case Op.Minimum: Elementwise.Binary<MinimumOp>(a, b, dst); break;
            case Op.Pow: Elementwise.Binary<PowOp>(a, b, dst); break;
            case Op.Less: Elementwise.Binary<LessOp>(a, b, dst); break;
            case Op.LessEqual: Elementwise.Binary<LessEqualOp>(a, b, dst); break;
            case Op.Greater: Elementwise.Binary<GreaterOp>(a, b, dst); break;
            case Op.GreaterEqual: Elementwise.Binary<GreaterEqualOp>(a, b, dst); break;
            case Op.Equal: Elementwise.Binary<EqualOp>(a, b, dst); break;
            case Op.NotEqual: Elementwise.Binary<NotEqualOp>(a, b, dst); break;
            case Op.Where: Select(a, b, home[ins.C].AsSpan(offset[ins.C], len), dst); break;
            default: throw new InvalidOperationException($"{ins.Op} cannot be fused.");
        }
    }

    /// <summary>dst = mask ≠ 0 ? x : y (the mask holds 1/0 from a comparison or a loaded bool).</summary>
    private static void Select(ReadOnlySpan<float> mask, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dst)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            ref float ms = ref MemoryMarshal.GetReference(mask);
            ref float xs = ref MemoryMarshal.GetReference(x);
            ref float ys = ref MemoryMarshal.GetReference(y);
            ref float ds = ref MemoryMarshal.GetReference(dst);
            for (; i <= dst.Length - 16; i += 16)
            {
                var keep = ~Vector512.Equals(Vector512.LoadUnsafe(ref ms, (nuint)i), Vector512<float>.Zero);
                Vector512.ConditionalSelect(keep, Vector512.LoadUnsafe(ref xs, (nuint)i), Vector512.LoadUnsafe(ref ys, (nuint)i)).StoreUnsafe(ref ds, (nuint)i);
            }
        }
        for (; i < dst.Length; i++) dst[i] = mask[i] != 0f ? x[i] : y[i];
    }
}
