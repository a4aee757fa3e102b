using Sluice.TestKit;

namespace Sluice.Kernels.Tests;

public sealed class GemmTests
{
    public sealed record GemmCase(bool TransposeA, bool TransposeB, int M, int N, int K, float Alpha, float Beta, int Pad)
    {
        public override string ToString() => $"{(TransposeA ? "T" : "N")}{(TransposeB ? "T" : "N")} m{M} n{N} k{K} α{Alpha} β{Beta} pad{Pad}";
    }

    /// <summary>Odd shapes: m, n, k random in 1..70, every transpose pair, a few alpha/beta, padded leading dimensions.</summary>
    public static TheoryData<GemmCase> OddShapes()
    {
        var random = new Random(2024);
        float[] alphas = [1f, -0.5f, 2f];
        float[] betas = [0f, 1f, 0.75f];
        var data = new TheoryData<GemmCase>();
        for (int i = 0; i < 48; i++)
        {
            data.Add(new GemmCase(i % 2 == 1, i / 2 % 2 == 1, random.Next(1, 71), random.Next(1, 71), random.Next(1, 71),
                alphas[i % 3], betas[i / 3 % 3], random.Next(0, 3)));
        }
        return data;
    }

    /// <summary>Shapes on and around the kernel's block sizes and special paths (GEMV, small m, edges).</summary>
    public static TheoryData<GemmCase> PathShapes()
    {
        var data = new TheoryData<GemmCase>();
        int[][] shapes =
        [
            [1, 1024, 512], [1, 33, 7], [37, 1, 300], [256, 1, 100], [5, 1, 3], [2, 100, 128], [3, 257, 65], [7, 40, 300], [8, 32, 1], [9, 33, 257],
            [40, 100, 128], [64, 64, 64], [130, 97, 300], [257, 129, 513], [33, 600, 20], [600, 33, 20], [700, 40, 100], [12, 900, 200],
            // Past the default block sizes (GemmBlocking.Current): k in three Kc blocks, n in two Nc blocks, m in many Mc.
            [70, 90, 2100], [97, 1100, 40],
        ];
        foreach (int[] s in shapes)
            for (int t = 0; t < 4; t++)
                data.Add(new GemmCase(t % 2 == 1, t / 2 == 1, s[0], s[1], s[2], 1.5f, t == 3 ? 0.5f : 0f, t));
        return data;
    }

    /// <summary>GEMVs of the dot form (n = 1 with A stored m×k, m = 1 with B stored n×k) and the rows form: lengths
    /// that leave 8-row, 4-row and single-row groups, k around the 16-float vector (tails 0..15) and up to 70 and 263.</summary>
    public static TheoryData<GemmCase> GemvShapes()
    {
        var data = new TheoryData<GemmCase>();
        int[] lengths = [8, 15, 29, 70];
        int[] ks = [1, 7, 16, 17, 31, 48, 70, 263];
        int i = 0;
        foreach (int length in lengths)
            foreach (int k in ks)
                for (int t = 0; t < 4; t++, i++)
                {
                    // Alternate the single column (n = 1) and the single row (m = 1) of C.
                    bool column = i % 2 == 0;
                    data.Add(new GemmCase(t % 2 == 1, t / 2 == 1, column ? length : 1, column ? 1 : length, k,
                        t == 2 ? -0.5f : 1f, t == 3 ? 0.75f : 0f, t % 3));
                }
        return data;
    }

    [Theory, MemberData(nameof(OddShapes)), MemberData(nameof(PathShapes)), MemberData(nameof(GemvShapes))]
    public void Fast_gemm_matches_naive_twin(GemmCase c)
    {
        foreach (int threads in new[] { 1, 2 })
        {
            var (a, lda, b, ldb, c0, ldc) = Operands(c);
            float[] expected = (float[])c0.Clone(), actual = (float[])c0.Clone();
            GemmReference.Multiply(c.TransposeA, c.TransposeB, c.M, c.N, c.K, c.Alpha, a, lda, b, ldb, c.Beta, expected, ldc);
            Gemm.Multiply(c.TransposeA, c.TransposeB, c.M, c.N, c.K, c.Alpha, a, lda, b, ldb, c.Beta, actual, ldc, maxThreads: threads);
            // Float accumulation over k terms of size ~1: allow k·eps of relative slack.
            AssertClose.Spans(expected, actual, rtol: 1e-5f * MathF.Sqrt(c.K), atol: 2e-6f * c.K);
        }
    }

    [Fact]
    public void Padding_between_rows_of_c_is_never_written()
    {
        var c = new GemmCase(false, false, 19, 35, 41, 1f, 0f, Pad: 5);
        var (a, lda, b, ldb, c0, ldc) = Operands(c);
        float[] actual = (float[])c0.Clone();
        Gemm.Multiply(false, false, c.M, c.N, c.K, 1f, a, lda, b, ldb, 0f, actual, ldc);
        for (int i = 0; i < c.M; i++)
            for (int j = c.N; j < ldc && i * ldc + j < actual.Length; j++)
                Assert.Equal(c0[i * ldc + j], actual[i * ldc + j]);
    }

    [Fact]
    public void Beta_zero_overwrites_nan_in_c()
    {
        float[] a = TestData.Uniform(6 * 5, 1), b = TestData.Uniform(5 * 20, 2);
        float[] c = new float[6 * 20];
        c.AsSpan().Fill(float.NaN);
        Gemm.Multiply(false, false, 6, 20, 5, 1f, a, 5, b, 20, 0f, c, 20);
        Assert.All(c, v => Assert.False(float.IsNaN(v)));
    }

    [Fact]
    public void K_zero_scales_c_by_beta()
    {
        float[] c = [1f, 2f, 3f, 4f];
        Gemm.Multiply(false, false, 2, 2, 0, 1f, [], 1, [], 2, 0.5f, c, 2);
        Assert.Equal([0.5f, 1f, 1.5f, 2f], c);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Results_are_bit_identical_for_every_thread_count(bool transposeA, bool transposeB)
    {
        const int m = 300, n = 290, k = 700;
        float[] a = TestData.Uniform(m * k, 1), b = TestData.Uniform(k * n, 2);
        float[] one = new float[m * n], two = new float[m * n];
        Gemm.Multiply(transposeA, transposeB, m, n, k, 1f, a, transposeA ? m : k, b, transposeB ? k : n, 0f, one, n, maxThreads: 1);
        Gemm.Multiply(transposeA, transposeB, m, n, k, 1f, a, transposeA ? m : k, b, transposeB ? k : n, 0f, two, n, maxThreads: 2);
        Assert.Equal(one, two);
    }

    /// <summary>Shapes that take each way of splitting C between two threads: wide C in column strips (one per
    /// thread, with B packed or, for a short C, read in place), tall C in row strips, a ragged last strip, and
    /// GEMVs split into strips of y.</summary>
    public static TheoryData<GemmCase> SplitShapes()
    {
        var data = new TheoryData<GemmCase>();
        // The last two are GEMVs whose y strips (128, 16 and single columns) fall differently for 1 and 2 threads.
        int[][] shapes = [[256, 1024, 300], [256, 256, 256], [40, 600, 300], [700, 64, 100], [130, 2100, 40], [520, 97, 200], [1, 1100, 300], [1000, 1, 200]];
        foreach (int[] s in shapes)
            for (int t = 0; t < 4; t++)
                data.Add(new GemmCase(t % 2 == 1, t / 2 == 1, s[0], s[1], s[2], 1.5f, t == 3 ? 0.5f : 0f, t % 2));
        return data;
    }

    [Theory, MemberData(nameof(SplitShapes))]
    public void Two_thread_splits_match_the_naive_twin_and_one_thread_bit_for_bit(GemmCase c)
    {
        var (a, lda, b, ldb, c0, ldc) = Operands(c);
        float[] expected = (float[])c0.Clone(), one = (float[])c0.Clone(), two = (float[])c0.Clone();
        GemmReference.Multiply(c.TransposeA, c.TransposeB, c.M, c.N, c.K, c.Alpha, a, lda, b, ldb, c.Beta, expected, ldc);
        Gemm.Multiply(c.TransposeA, c.TransposeB, c.M, c.N, c.K, c.Alpha, a, lda, b, ldb, c.Beta, one, ldc, maxThreads: 1);
        Gemm.Multiply(c.TransposeA, c.TransposeB, c.M, c.N, c.K, c.Alpha, a, lda, b, ldb, c.Beta, two, ldc, maxThreads: 2);
        AssertClose.Spans(expected, one, rtol: 1e-5f * MathF.Sqrt(c.K), atol: 2e-6f * c.K);
        Assert.Equal(one, two);
    }

    [Theory]
    [InlineData(1, 1024, 512)]
    [InlineData(40, 100, 128)]
    [InlineData(256, 512, 256)]
    [InlineData(256, 1024, 512)]
    [InlineData(700, 64, 100)]
    public void Calls_after_warm_up_allocate_nothing(int m, int n, int k)
    {
        float[] a = TestData.Uniform(m * k, 1), b = TestData.Uniform(k * n, 2), c = new float[m * n];
        foreach (int threads in new[] { 1, 2 })
        {
            void AllTransposes()
            {
                for (int t = 0; t < 4; t++) Gemm.Multiply(t % 2 == 1, t / 2 == 1, m, n, k, 1f, a, t % 2 == 1 ? m : k, b, t / 2 == 1 ? k : n, 0f, c, n, threads);
            }
            AllTransposes();
            Assert.Equal(0, Allocations.PerWindowAfterWarmUp(AllTransposes, repeats: 20));
        }
    }

    [Theory]
    [InlineData(0, 32, 1024, "Kc 0")]
    [InlineData(1024, 20, 1024, "Mc 20")]
    [InlineData(1024, 32, 1000, "Nc 1000")]
    public void Block_sizes_that_break_whole_tiles_are_rejected(int kc, int mc, int nc, string named)
    {
        var error = Assert.Throws<ArgumentException>(() => new GemmBlocking(kc, mc, nc));
        Assert.Contains(named, error.Message);
    }

    [Fact]
    public void Bad_arguments_name_the_parameter()
    {
        var error = Assert.Throws<ArgumentException>(() => Gemm.Multiply(false, false, 2, 3, 4, 1f, new float[7], 4, new float[12], 3, 0f, new float[6], 3));
        Assert.Equal("a", error.ParamName);
        Assert.Contains("needs 8", error.Message);
        var range = Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(false, true, 2, 3, 4, 1f, new float[8], 4, new float[12], 3, 0f, new float[6], 3));
        Assert.Equal("ldb", range.ParamName);
        error = Assert.Throws<ArgumentException>(() => Gemm.Multiply(false, false, 2, 3, 4, 1f, new float[8], 4, new float[12], 3, 0f, new float[5], 3));
        Assert.Equal("c", error.ParamName);
    }

    private static (float[] A, int Lda, float[] B, int Ldb, float[] C, int Ldc) Operands(GemmCase c)
    {
        int aRows = c.TransposeA ? c.K : c.M, aCols = c.TransposeA ? c.M : c.K;
        int bRows = c.TransposeB ? c.N : c.K, bCols = c.TransposeB ? c.K : c.N;
        int lda = aCols + c.Pad, ldb = bCols + c.Pad, ldc = c.N + c.Pad;
        // The last row needs only its own columns, exercising exact-length spans.
        float[] a = TestData.Uniform((aRows - 1) * lda + aCols, seed: c.M * 7 + c.K);
        float[] b = TestData.Uniform((bRows - 1) * ldb + bCols, seed: c.N * 13 + c.K);
        float[] cMatrix = TestData.Uniform((c.M - 1) * ldc + c.N, seed: c.M + c.N);
        return (a, lda, b, ldb, cMatrix, ldc);
    }
}
