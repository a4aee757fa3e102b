namespace Sluice.Kernels;

/// <summary>4×4 scalar micro-kernel: the fallback when no vector width is accelerated (and what the
/// <c>DOTNET_EnableHWIntrinsic=0</c> test run exercises).</summary>
internal readonly unsafe struct ScalarMicroKernel : IMicroKernel
{
    public static int Rows => 4;
    public static int Columns => 4;

    public static void RunCopyingB(int kc, float* a, nint aRowStride, nint aKStride, float* b, nint bKStride, float* bCopy,
        float* c, nint ldc, int mr, float alpha, float beta)
    {
        for (int p = 0; p < kc; p++)
            for (int j = 0; j < 4; j++) bCopy[p * 4 + j] = b[p * bKStride + j];
        Run(kc, a, aRowStride, aKStride, bCopy, 4, c, ldc, mr, alpha, beta);
    }

    public static void Run(int kc, float* a, nint aRowStride, nint aKStride, float* b, nint bKStride,
        float* c, nint ldc, int mr, float alpha, float beta)
    {
        float* acc = stackalloc float[16];
        new Span<float>(acc, 16).Clear();
        for (int r = 0; r < 4; r++)
        {
            float* aRow = a + Math.Min(r, mr - 1) * aRowStride;
            float* bRow = b;
            float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (int p = 0; p < kc; p++)
            {
                float x = aRow[p * aKStride];
                s0 += x * bRow[0]; s1 += x * bRow[1]; s2 += x * bRow[2]; s3 += x * bRow[3];
                bRow += bKStride;
            }
            acc[r * 4] = s0; acc[r * 4 + 1] = s1; acc[r * 4 + 2] = s2; acc[r * 4 + 3] = s3;
        }
        for (int r = 0; r < mr; r++)
            for (int j = 0; j < 4; j++)
                c[r * ldc + j] = beta == 0f ? alpha * acc[r * 4 + j] : alpha * acc[r * 4 + j] + beta * c[r * ldc + j];
    }
}
