using System.Text;

namespace Sluice.Tensors.Compiler;

/// <summary>One elementwise step of a fused program: registers 0..inputs-1 hold the loaded inputs.</summary>
internal readonly record struct FusedInstruction(Op Op, int Destination, int A, int B, int C);

/// <summary>
/// A fused elementwise program and its register file: <see cref="FusedKernel.BlockSize"/> floats per register, so a
/// block of every intermediate stays in L1 and no full-size temporary is ever written. Owned by one plan.
/// </summary>
internal sealed record FusedParams(FusedInstruction[] Code, int InputCount, int RegisterCount) : OpParams
{
    public float[] Registers { get; } = new float[RegisterCount * FusedKernel.BlockSize];

    // Where each register's current block lives: the register file, or straight in an input or the output buffer.
    internal float[][] Home { get; } = new float[RegisterCount][];
    internal int[] HomeOffset { get; } = new int[RegisterCount];

    public override string ToString()
    {
        // Prints the program as one expression tree over the inputs %0.., e.g. mul(add(%0,%1),%2).
        var text = new string[RegisterCount];
        for (int i = 0; i < InputCount; i++) text[i] = $"%{i}";
        foreach (var ins in Code)
        {
            var sb = new StringBuilder(OpKinds.Name(ins.Op)).Append('(').Append(text[ins.A]);
            if (ins.B >= 0) sb.Append(',').Append(text[ins.B]);
            if (ins.C >= 0) sb.Append(',').Append(text[ins.C]);
            text[ins.Destination] = sb.Append(')').ToString();
        }
        return text[Code[^1].Destination];
    }
}
