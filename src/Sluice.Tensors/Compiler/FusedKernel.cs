using Sluice.Kernels;
using K = Sluice.Kernels;

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
            else if ((widths[j] = Broadcasting.SuffixLength(x.Dims, output.Dims)) > 0) modes[j] = Load.Row;
            else if ((widths[j] = Broadcasting.PrefixBlock(x.Dims, output.Dims)) > 0) modes[j] = Load.Column;
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
            case Op.Neg: K.Elementwise.Unary<UnaryOps.Negate>(a, dst); break;
            case Op.Exp: K.Elementwise.Unary<UnaryOps.Exp>(a, dst); break;
            case Op.Log: K.Elementwise.Unary<UnaryOps.Log>(a, dst); break;
            case Op.Sqrt: K.Elementwise.Unary<UnaryOps.Sqrt>(a, dst); break;
            case Op.Abs: K.Elementwise.Unary<UnaryOps.Abs>(a, dst); break;
            case Op.Sign: K.Elementwise.Unary<SignOp>(a, dst); break;
            case Op.Sigmoid: K.Elementwise.Unary<UnaryOps.Sigmoid>(a, dst); break;
            case Op.Tanh: K.Elementwise.Unary<UnaryOps.Tanh>(a, dst); break;
            case Op.Add: K.Elementwise.Binary<BinaryOps.Add>(a, b, dst); break;
            case Op.Sub: K.Elementwise.Binary<BinaryOps.Subtract>(a, b, dst); break;
            case Op.Mul: K.Elementwise.Binary<BinaryOps.Multiply>(a, b, dst); break;
            case Op.Div: K.Elementwise.Binary<BinaryOps.Divide>(a, b, dst); break;
            case Op.Maximum: K.Elementwise.Binary<BinaryOps.Maximum>(a, b, dst); break;
            case Op.Minimum: K.Elementwise.Binary<BinaryOps.Minimum>(a, b, dst); break;
            case Op.Pow: K.Elementwise.Binary<PowOp>(a, b, dst); break;
            case Op.Less: K.Elementwise.Binary<ComparisonOps.Less>(a, b, dst); break;
            case Op.LessEqual: K.Elementwise.Binary<ComparisonOps.LessOrEqual>(a, b, dst); break;
            case Op.Greater: K.Elementwise.Binary<ComparisonOps.Greater>(a, b, dst); break;
            case Op.GreaterEqual: K.Elementwise.Binary<ComparisonOps.GreaterOrEqual>(a, b, dst); break;
            case Op.Equal: K.Elementwise.Binary<ComparisonOps.Equal>(a, b, dst); break;
            case Op.NotEqual: K.Elementwise.Binary<ComparisonOps.NotEqual>(a, b, dst); break;
            case Op.Where: K.Elementwise.Select(a, b, home[ins.C].AsSpan(offset[ins.C], len), dst); break;
            default: throw new InvalidOperationException($"{ins.Op} cannot be fused.");
        }
    }
}
