namespace Sluice.Benchmarks.Gemm;

/// <summary>Random operands for a shape (the same in the Sluice and OpenBLAS processes).</summary>
internal static class GemmOperands
{
    public static (float[] A, float[] B, float[] C) Create(GemmShape shape)
    {
        var random = new Random(42);
        var a = new float[shape.M * shape.K];
        var b = new float[shape.K * shape.N];
        for (int i = 0; i < a.Length; i++) a[i] = random.NextSingle() - 0.5f;
        for (int i = 0; i < b.Length; i++) b[i] = random.NextSingle() - 0.5f;
        return (a, b, new float[shape.M * shape.N]);
    }
}
