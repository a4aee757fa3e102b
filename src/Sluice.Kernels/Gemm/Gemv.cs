using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Sluice.Kernels;

/// <summary>
/// GEMM with a single row (m = 1) or a single column (n = 1) of C, i.e. a matrix-vector product: packing would cost
/// as much as the arithmetic, so the matrix is streamed once. Two forms cover every transpose:
/// "rows" y = alpha·Σ_p x[p]·M[p, :] + beta·y (eight contiguous matrix rows per pass over y) and
/// "dots" y[j] = alpha·dot(x, M[j, :]) + beta·y[j]. Threads split y.
/// </summary>
internal static unsafe class Gemv
{
    /// <summary>Above this many multiply-adds a second thread pays off (the matrix no longer fits one core's L2 well;
    /// at 1×512×256 = 2^17 the handoff still cost more than it saved).</summary>
    private const long ParallelMultiplyAdds = 1L << 18;

    private struct Problem
    {
        public bool Dots;
        public float* Matrix;   // rows form: k×len (stride Ld); dots form: len×k
        public nint Ld;
        public float* X;        // contiguous, length k
        public float* Y;        // contiguous, length len
        public int K;
        public int Length;
        public float Alpha;
        public float Beta;
        public int Units;      // y is cut into strips of UnitSize that threads take from NextUnit
        public int UnitSize;
        public int NextUnit;
    }

    public static void Run(ref GemmProblem g, int threads)
    {
        var problem = new Problem { Alpha = g.Alpha, Beta = g.Beta, K = g.K };
        float* xSource;
        nint xStride;
        float* y;
        nint yStride;
        if (g.M == 1)
        {
            // C (1×n) = op(a) (1×k) · op(B) (k×n): x is op(A)'s only row, y is C's only row.
            xSource = g.A; xStride = g.TransposeA ? g.Lda : 1;
            y = g.C; yStride = 1;
            problem.Length = g.N;
            problem.Matrix = g.B; problem.Ld = g.Ldb;
            problem.Dots = g.TransposeB; // B stored n×k: row j of B is column j of op(B)
        }
        else
        {
            // C (m×1) = op(A) (m×k) · op(b) (k×1): x is op(B)'s only column, y is C's only column.
            xSource = g.B; xStride = g.TransposeB ? 1 : g.Ldb;
            y = g.C; yStride = g.Ldc;
            problem.Length = g.M;
            problem.Matrix = g.A; problem.Ld = g.Lda;
            problem.Dots = !g.TransposeA; // A stored m×k: row i of A is row i of op(A)
        }

        problem.X = Contiguous(xSource, xStride, g.K);
        problem.Y = yStride == 1 ? y : PackBuffer.Get(PackBuffer.Result, problem.Length);
        if (yStride != 1)
            for (int i = 0; i < problem.Length; i++) problem.Y[i] = y[i * yStride];

        long work = (long)g.K * problem.Length;
        if (work < ParallelMultiplyAdds) threads = 1;
        // Strips are multiples of 128 floats (the rows form's register strip; a 64-float unit fell to its one-accumulator
        // tail and ran at half speed), about four per thread.
        problem.UnitSize = Math.Max(128, (problem.Length + threads * 4 * 128 - 1) / (threads * 4 * 128) * 128);
        problem.Units = (problem.Length + problem.UnitSize - 1) / problem.UnitSize;
        threads = Math.Min(threads, problem.Units);
        if (threads <= 1) Part(0, &problem);
        else ParallelRunner.Run(threads, &Part, &problem);

        if (yStride != 1)
            for (int i = 0; i < problem.Length; i++) y[i * yStride] = problem.Y[i];
    }

    private static float* Contiguous(float* source, nint stride, int length)
    {
        if (stride == 1) return source;
        float* copy = PackBuffer.Get(PackBuffer.Vector, length);
        for (int i = 0; i < length; i++) copy[i] = source[i * stride];
        return copy;
    }

    private static void Part(int part, void* state)
    {
        ref Problem g = ref *(Problem*)state;
        int unit;
        while ((unit = Interlocked.Increment(ref g.NextUnit) - 1) < g.Units)
        {
            int start = unit * g.UnitSize, end = Math.Min(g.Length, start + g.UnitSize);
            if (g.Dots) Dots(ref g, start, end);
            else RowsForm(ref g, start, end);
        }
    }

    private static void Dots(ref Problem g, int start, int end)
    {
        int j = start;
        // Eight rows at a time share each load of x and keep eight FMA chains in flight; four for the rest.
        if (Vector512.IsHardwareAccelerated)
        {
            if (Avx512F.IsSupported) for (; j + 8 <= end; j += 8) EightDots(ref g, j);
            for (; j + 4 <= end; j += 4) FourDots(ref g, j);
        }
        var x = new ReadOnlySpan<float>(g.X, g.K);
        for (; j < end; j++) Store(ref g, j, Reduce.Dot(x, new ReadOnlySpan<float>(g.Matrix + j * g.Ld, g.K)));
    }

    // Eight rows sharing each 16-float load of x; the eight accumulators are summed by one shuffle tree (a full
    // horizontal sum per row would cost about half as many instructions as a 256-long dot itself).
    private static void EightDots(ref Problem g, int j)
    {
        float* r0 = g.Matrix + j * g.Ld;
        nint ld = g.Ld;
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        int p = 0;
        for (; p + 16 <= g.K; p += 16)
        {
            var x = Vector512.Load(g.X + p);
            float* r = r0 + p;
            a0 = Vector512.FusedMultiplyAdd(x, Vector512.Load(r), a0);
            a1 = Vector512.FusedMultiplyAdd(x, Vector512.Load(r + ld), a1);
            a2 = Vector512.FusedMultiplyAdd(x, Vector512.Load(r + 2 * ld), a2);
            a3 = Vector512.FusedMultiplyAdd(x, Vector512.Load(r + 3 * ld), a3);
            a4 = Vector512.FusedMultiplyAdd(x, Vector512.Load(r + 4 * ld), a4);
            a5 = Vector512.FusedMultiplyAdd(x, Vector512.Load(r + 5 * ld), a5);
            a6 = Vector512.FusedMultiplyAdd(x, Vector512.Load(r + 6 * ld), a6);
            a7 = Vector512.FusedMultiplyAdd(x, Vector512.Load(r + 7 * ld), a7);
        }
        Vector256<float> sums = SumEach(a0, a1, a2, a3, a4, a5, a6, a7);
        for (int i = 0; i < 8; i++)
        {
            float dot = sums.GetElement(i);
            float* row = r0 + i * ld;
            for (int q = p; q < g.K; q++) dot += g.X[q] * row[q];
            Store(ref g, j + i, dot);
        }
    }

    /// <summary>The lane sums of eight vectors, element i = Σ lanes of v_i, by a fixed shuffle tree.</summary>
    private static Vector256<float> SumEach(Vector512<float> v0, Vector512<float> v1, Vector512<float> v2, Vector512<float> v3,
        Vector512<float> v4, Vector512<float> v5, Vector512<float> v6, Vector512<float> v7)
    {
        // Per 128-bit lane: pairs of rows interleaved and added, then pairs of pairs, leaving each lane [s0 s1 s2 s3].
        Vector512<float> q0123 = Quad(v0, v1, v2, v3), q4567 = Quad(v4, v5, v6, v7);
        // Lanes (0+2, 1+3) of each quad, then the two halves.
        var w = Avx512F.Shuffle4x128(q0123, q4567, 0b01_00_01_00) + Avx512F.Shuffle4x128(q0123, q4567, 0b11_10_11_10);
        var z = Avx512F.Shuffle4x128(w, w, 0b11_01_10_00);
        return z.GetLower() + z.GetUpper();
    }

    private static Vector512<float> Quad(Vector512<float> v0, Vector512<float> v1, Vector512<float> v2, Vector512<float> v3)
    {
        var t01 = Avx512F.UnpackLow(v0, v1) + Avx512F.UnpackHigh(v0, v1);   // [v0a v1a v0b v1b] per lane
        var t23 = Avx512F.UnpackLow(v2, v3) + Avx512F.UnpackHigh(v2, v3);
        return Avx512F.Shuffle(t01, t23, 0b01_00_01_00) + Avx512F.Shuffle(t01, t23, 0b11_10_11_10);
    }

    private static void FourDots(ref Problem g, int j)
    {
        float* r0 = g.Matrix + j * g.Ld, r1 = r0 + g.Ld, r2 = r1 + g.Ld, r3 = r2 + g.Ld;
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
        int p = 0;
        for (; p + 16 <= g.K; p += 16)
        {
            var x = Vector512.Load(g.X + p);
            a0 = Vector512.FusedMultiplyAdd(x, Vector512.Load(r0 + p), a0);
            a1 = Vector512.FusedMultiplyAdd(x, Vector512.Load(r1 + p), a1);
            a2 = Vector512.FusedMultiplyAdd(x, Vector512.Load(r2 + p), a2);
            a3 = Vector512.FusedMultiplyAdd(x, Vector512.Load(r3 + p), a3);
        }
        float d0 = Vector512.Sum(a0), d1 = Vector512.Sum(a1), d2 = Vector512.Sum(a2), d3 = Vector512.Sum(a3);
        for (; p < g.K; p++)
        {
            float x = g.X[p];
            d0 += x * r0[p]; d1 += x * r1[p]; d2 += x * r2[p]; d3 += x * r3[p];
        }
        Store(ref g, j, d0); Store(ref g, j + 1, d1); Store(ref g, j + 2, d2); Store(ref g, j + 3, d3);
    }

    private static void Store(ref Problem g, int j, float dot) =>
        g.Y[j] = g.Beta == 0f ? g.Alpha * dot : g.Alpha * dot + g.Beta * g.Y[j];

    // y[start..end) = alpha·Σ_p x[p]·M[p, start..end) + beta·y. With 512-bit vectors: strips of y held in registers
    // over all rows of M (y is written once, and each row is read as one 512-byte run); same-process A/B runs on
    // 1×1024×512 measured it 13–19% faster than the row-pass form below, which remains for narrower vectors.
    private static void RowsForm(ref Problem g, int start, int end)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            RowsFormStrips(ref g, start, end);
            return;
        }
        const int Block = 1024;
        for (int j0 = start; j0 < end; j0 += Block)
        {
            int width = Math.Min(Block, end - j0);
            var y = new Span<float>(g.Y + j0, width);
            if (g.Beta == 0f) y.Clear();
            else if (g.Beta != 1f) Fused.Scale(g.Beta, y);
            int p = 0;
            for (; p + 8 <= g.K; p += 8)
                AddEightRows(y, g.Alpha, g.X + p, g.Matrix + p * g.Ld + j0, g.Ld);
            for (; p + 4 <= g.K; p += 4)
            {
                float* m0 = g.Matrix + p * g.Ld + j0;
                AddFourRows(y, g.Alpha * g.X[p], g.Alpha * g.X[p + 1], g.Alpha * g.X[p + 2], g.Alpha * g.X[p + 3], m0, g.Ld);
            }
            for (; p < g.K; p++)
                Fused.Axpy(g.Alpha * g.X[p], new ReadOnlySpan<float>(g.Matrix + p * g.Ld + j0, width), y);
        }
    }

    /// <summary>Strip-major rows form: acc[j] = Σ_p x[p]·M[p, j] as one FMA chain per element (p ascending) whatever
    /// strip or tail the element falls in, so results do not depend on how threads cut y.</summary>
    private static void RowsFormStrips(ref Problem g, int start, int end)
    {
        int j = start;
        for (; j + 128 <= end; j += 128) Strip128(ref g, j);
        for (; j + 16 <= end; j += 16)
        {
            Vector512<float> acc = default;
            float* m = g.Matrix + j;
            for (int p = 0; p < g.K; p++, m += g.Ld) acc = Vector512.FusedMultiplyAdd(Vector512.Create(g.X[p]), Vector512.Load(m), acc);
            StoreStrip(ref g, j, acc);
        }
        for (; j < end; j++)
        {
            float acc = 0f;
            float* m = g.Matrix + j;
            for (int p = 0; p < g.K; p++, m += g.Ld) acc = MathF.FusedMultiplyAdd(g.X[p], *m, acc);
            g.Y[j] = g.Beta == 0f ? g.Alpha * acc : MathF.FusedMultiplyAdd(acc, g.Alpha, g.Beta * g.Y[j]);
        }
    }

    // Eight accumulators of 16 columns: per row one broadcast of x[p] and eight loads of a 512-byte run of M.
    private static void Strip128(ref Problem g, int j)
    {
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        float* m = g.Matrix + j;
        for (int p = 0; p < g.K; p++, m += g.Ld)
        {
            var x = Vector512.Create(g.X[p]);
            a0 = Vector512.FusedMultiplyAdd(x, Vector512.Load(m), a0);
            a1 = Vector512.FusedMultiplyAdd(x, Vector512.Load(m + 16), a1);
            a2 = Vector512.FusedMultiplyAdd(x, Vector512.Load(m + 32), a2);
            a3 = Vector512.FusedMultiplyAdd(x, Vector512.Load(m + 48), a3);
            a4 = Vector512.FusedMultiplyAdd(x, Vector512.Load(m + 64), a4);
            a5 = Vector512.FusedMultiplyAdd(x, Vector512.Load(m + 80), a5);
            a6 = Vector512.FusedMultiplyAdd(x, Vector512.Load(m + 96), a6);
            a7 = Vector512.FusedMultiplyAdd(x, Vector512.Load(m + 112), a7);
        }
        StoreStrip(ref g, j, a0); StoreStrip(ref g, j + 16, a1); StoreStrip(ref g, j + 32, a2); StoreStrip(ref g, j + 48, a3);
        StoreStrip(ref g, j + 64, a4); StoreStrip(ref g, j + 80, a5); StoreStrip(ref g, j + 96, a6); StoreStrip(ref g, j + 112, a7);
    }

    // y[j..j+16) = alpha·acc + beta·y (beta 0: y is not read), lane for lane the same arithmetic as the scalar tail.
    private static void StoreStrip(ref Problem g, int j, Vector512<float> acc)
    {
        float* y = g.Y + j;
        if (g.Beta == 0f) (acc * Vector512.Create(g.Alpha)).Store(y);
        else Vector512.FusedMultiplyAdd(acc, Vector512.Create(g.Alpha), Vector512.Load(y) * Vector512.Create(g.Beta)).Store(y);
    }

    // y += alpha·Σ_{i<8} x[i]·r_i with r_i = rows[i·ld ..]: one load and store of y per eight rows.
    private static void AddEightRows(Span<float> y, float alpha, float* x, float* rows, nint ld)
    {
        int n = y.Length, j = 0;
        fixed (float* py = y)
        {
            if (Vector512.IsHardwareAccelerated)
            {
                var v0 = Vector512.Create(alpha * x[0]); var v1 = Vector512.Create(alpha * x[1]);
                var v2 = Vector512.Create(alpha * x[2]); var v3 = Vector512.Create(alpha * x[3]);
                var v4 = Vector512.Create(alpha * x[4]); var v5 = Vector512.Create(alpha * x[5]);
                var v6 = Vector512.Create(alpha * x[6]); var v7 = Vector512.Create(alpha * x[7]);
                float* r0 = rows, r1 = rows + ld, r2 = rows + 2 * ld, r3 = rows + 3 * ld;
                float* r4 = rows + 4 * ld, r5 = rows + 5 * ld, r6 = rows + 6 * ld, r7 = rows + 7 * ld;
                for (; j + 16 <= n; j += 16)
                {
                    var lo = Vector512.FusedMultiplyAdd(v0, Vector512.Load(r0 + j), Vector512.Load(py + j));
                    var hi = v1 * Vector512.Load(r1 + j);
                    lo = Vector512.FusedMultiplyAdd(v2, Vector512.Load(r2 + j), lo);
                    hi = Vector512.FusedMultiplyAdd(v3, Vector512.Load(r3 + j), hi);
                    lo = Vector512.FusedMultiplyAdd(v4, Vector512.Load(r4 + j), lo);
                    hi = Vector512.FusedMultiplyAdd(v5, Vector512.Load(r5 + j), hi);
                    lo = Vector512.FusedMultiplyAdd(v6, Vector512.Load(r6 + j), lo);
                    hi = Vector512.FusedMultiplyAdd(v7, Vector512.Load(r7 + j), hi);
                    (lo + hi).Store(py + j);
                }
            }
            for (; j < n; j++)
            {
                float sum = py[j];
                for (int i = 0; i < 8; i++) sum += alpha * x[i] * rows[i * ld + j];
                py[j] = sum;
            }
        }
    }

    // y += s0·r0 + s1·r1 + s2·r2 + s3·r3 with r_i = rows[i·ld ..]: one load and store of y per four rows.
    private static void AddFourRows(Span<float> y, float s0, float s1, float s2, float s3, float* rows, nint ld)
    {
        float* r0 = rows, r1 = rows + ld, r2 = rows + 2 * ld, r3 = rows + 3 * ld;
        int n = y.Length, j = 0;
        fixed (float* py = y)
        {
            if (Vector512.IsHardwareAccelerated)
            {
                var v0 = Vector512.Create(s0); var v1 = Vector512.Create(s1);
                var v2 = Vector512.Create(s2); var v3 = Vector512.Create(s3);
                for (; j + 16 <= n; j += 16)
                {
                    var acc = Vector512.FusedMultiplyAdd(v0, Vector512.Load(r0 + j), Vector512.Load(py + j));
                    acc = Vector512.FusedMultiplyAdd(v1, Vector512.Load(r1 + j), acc);
                    acc = Vector512.FusedMultiplyAdd(v2, Vector512.Load(r2 + j), acc);
                    Vector512.FusedMultiplyAdd(v3, Vector512.Load(r3 + j), acc).Store(py + j);
                }
            }
            else if (Vector256.IsHardwareAccelerated)
            {
                var v0 = Vector256.Create(s0); var v1 = Vector256.Create(s1);
                var v2 = Vector256.Create(s2); var v3 = Vector256.Create(s3);
                for (; j + 8 <= n; j += 8)
                {
                    var acc = Vector256.FusedMultiplyAdd(v0, Vector256.Load(r0 + j), Vector256.Load(py + j));
                    acc = Vector256.FusedMultiplyAdd(v1, Vector256.Load(r1 + j), acc);
                    acc = Vector256.FusedMultiplyAdd(v2, Vector256.Load(r2 + j), acc);
                    Vector256.FusedMultiplyAdd(v3, Vector256.Load(r3 + j), acc).Store(py + j);
                }
            }
            for (; j < n; j++) py[j] = s3 * r3[j] + (s2 * r2[j] + (s1 * r1[j] + (s0 * r0[j] + py[j])));
        }
    }
}
