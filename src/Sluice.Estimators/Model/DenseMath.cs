using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sluice.Estimators.Model;

/// <summary>
/// The few dense kernels the model bodies need, on spans. Layer shapes here are small (batch 40, widths ≤ a few
/// hundred), so row-oriented axpy/dot loops over <see cref="Vector{T}"/> beat a blocked GEMM, and skipping zero inputs
/// (one-hot features, ReLU zeros) removes much of the work.
/// </summary>
internal static class DenseMath
{
    /// <summary>y += a·x</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Axpy(float a, ReadOnlySpan<float> x, Span<float> y)
    {
        int n = x.Length, i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            ref float xr = ref MemoryMarshal.GetReference(x);
            ref float yr = ref MemoryMarshal.GetReference(y);
            var av = new Vector<float>(a);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                ref float yi = ref Unsafe.Add(ref yr, i);
                var v = Vector.LoadUnsafe(ref yi) + av * Vector.LoadUnsafe(ref Unsafe.Add(ref xr, i));
                v.StoreUnsafe(ref yi);
            }
        }
        for (; i < n; i++) y[i] += a * x[i];
    }

    /// <summary>Σ xᵢ·yᵢ</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        int n = x.Length, i = 0;
        float sum = 0f;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            ref float xr = ref MemoryMarshal.GetReference(x);
            ref float yr = ref MemoryMarshal.GetReference(y);
            var acc = Vector<float>.Zero;
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
                acc += Vector.LoadUnsafe(ref Unsafe.Add(ref xr, i)) * Vector.LoadUnsafe(ref Unsafe.Add(ref yr, i));
            sum = Vector.Sum(acc);
        }
        for (; i < n; i++) sum += x[i] * y[i];
        return sum;
    }

    /// <summary>y = x·W + b</summary>
    /// <param name="x">(batch, inputs)</param><param name="w">(inputs, outputs)</param><param name="y">(batch, outputs)</param>
    /// <remarks>
    /// Register-blocked: up to four vectors of one output row accumulate in registers across all inputs (zero inputs
    /// skipped), so y is written once instead of once per input. Columns past the last whole vector go scalar.
    /// </remarks>
    public static void DenseForward(ReadOnlySpan<float> x, int batch, int inputs, ReadOnlySpan<float> w, ReadOnlySpan<float> b, int outputs, Span<float> y)
    {
        int width = Vector<float>.Count;
        int vectorColumns = Vector.IsHardwareAccelerated ? outputs / width * width : 0;
        ref float wr = ref MemoryMarshal.GetReference(w);
        // The row's non-zero inputs, gathered once without branches: the chunk loops below then run branch-free
        // (a zero test per input and chunk mispredicts on ReLU outputs, which are zero about half the time).
        Span<int> index = inputs <= 1024 ? stackalloc int[inputs] : new int[inputs];
        Span<float> value = inputs <= 1024 ? stackalloc float[inputs] : new float[inputs];
        for (int r = 0; r < batch; r++)
        {
            var xr = x.Slice(r * inputs, inputs);
            int nonZero = 0;
            for (int k = 0; k < inputs; k++)
            {
                float xv = xr[k];
                index[nonZero] = k;
                value[nonZero] = xv;
                nonZero += xv != 0f ? 1 : 0;
            }
            var yr = y.Slice(r * outputs, outputs);
            ref float yRef = ref MemoryMarshal.GetReference(yr);
            int j = 0;
            for (; j + 4 * width <= vectorColumns; j += 4 * width)
            {
                var a0 = new Vector<float>(b[j..]);
                var a1 = new Vector<float>(b[(j + width)..]);
                var a2 = new Vector<float>(b[(j + 2 * width)..]);
                var a3 = new Vector<float>(b[(j + 3 * width)..]);
                for (int n = 0; n < nonZero; n++)
                {
                    var s = new Vector<float>(value[n]);
                    ref float wk = ref Unsafe.Add(ref wr, index[n] * outputs + j);
                    a0 += s * Vector.LoadUnsafe(ref wk);
                    a1 += s * Vector.LoadUnsafe(ref Unsafe.Add(ref wk, width));
                    a2 += s * Vector.LoadUnsafe(ref Unsafe.Add(ref wk, 2 * width));
                    a3 += s * Vector.LoadUnsafe(ref Unsafe.Add(ref wk, 3 * width));
                }
                a0.StoreUnsafe(ref Unsafe.Add(ref yRef, j));
                a1.StoreUnsafe(ref Unsafe.Add(ref yRef, j + width));
                a2.StoreUnsafe(ref Unsafe.Add(ref yRef, j + 2 * width));
                a3.StoreUnsafe(ref Unsafe.Add(ref yRef, j + 3 * width));
            }
            for (; j < vectorColumns; j += width)
            {
                var a = new Vector<float>(b[j..]);
                for (int n = 0; n < nonZero; n++)
                    a += new Vector<float>(value[n]) * Vector.LoadUnsafe(ref Unsafe.Add(ref wr, index[n] * outputs + j));
                a.StoreUnsafe(ref Unsafe.Add(ref yRef, j));
            }
            for (; j < outputs; j++)
            {
                float a = b[j];
                for (int n = 0; n < nonZero; n++) a += value[n] * w[index[n] * outputs + j];
                yr[j] = a;
            }
        }
    }

    /// <summary>t = aᵀ</summary>
    /// <param name="a">(rows, cols)</param><param name="t">(cols, rows)</param>
    public static void Transpose(ReadOnlySpan<float> a, int rows, int cols, Span<float> t)
    {
        for (int r = 0; r < rows; r++)
        {
            var row = a.Slice(r * cols, cols);
            for (int c = 0; c < cols; c++) t[c * rows + r] = row[c];
        }
    }

    /// <summary>dx = dy·Wᵀ</summary>
    /// <param name="dy">(batch, outputs)</param><param name="w">(inputs, outputs)</param><param name="dx">(batch, inputs)</param>
    public static void DenseBackwardInput(ReadOnlySpan<float> dy, int batch, ReadOnlySpan<float> w, int inputs, int outputs, Span<float> dx)
    {
        for (int r = 0; r < batch; r++)
        {
            var dyr = dy.Slice(r * outputs, outputs);
            var dxr = dx.Slice(r * inputs, inputs);
            for (int k = 0; k < inputs; k++) dxr[k] = Dot(dyr, w.Slice(k * outputs, outputs));
        }
    }

    /// <summary>dW = xᵀ·dy, db = Σ_rows dy (both overwritten)</summary>
    /// <remarks>
    /// Register-blocked like <see cref="DenseForward"/>: for each input k, four vectors of dW's row accumulate over
    /// the batch (zero inputs skipped) and are stored once.
    /// </remarks>
    public static void DenseBackwardWeights(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, int batch, int inputs, int outputs, Span<float> dw, Span<float> db)
    {
        db[..outputs].Clear();
        for (int r = 0; r < batch; r++) Axpy(1f, dy.Slice(r * outputs, outputs), db);
        int width = Vector<float>.Count;
        int vectorColumns = Vector.IsHardwareAccelerated ? outputs / width * width : 0;
        ref float dyRef = ref MemoryMarshal.GetReference(dy);
        ref float dwRef = ref MemoryMarshal.GetReference(dw);
        // Per input k, the rows where x[r, k] is non-zero, gathered without branches (see DenseForward).
        Span<int> rows = batch <= 1024 ? stackalloc int[batch] : new int[batch];
        Span<float> value = batch <= 1024 ? stackalloc float[batch] : new float[batch];
        for (int k = 0; k < inputs; k++)
        {
            int nonZero = 0;
            for (int r = 0; r < batch; r++)
            {
                float xv = x[r * inputs + k];
                rows[nonZero] = r;
                value[nonZero] = xv;
                nonZero += xv != 0f ? 1 : 0;
            }
            int j = 0;
            for (; j + 4 * width <= vectorColumns; j += 4 * width)
            {
                Vector<float> a0 = default, a1 = default, a2 = default, a3 = default;
                for (int n = 0; n < nonZero; n++)
                {
                    var s = new Vector<float>(value[n]);
                    ref float d = ref Unsafe.Add(ref dyRef, rows[n] * outputs + j);
                    a0 += s * Vector.LoadUnsafe(ref d);
                    a1 += s * Vector.LoadUnsafe(ref Unsafe.Add(ref d, width));
                    a2 += s * Vector.LoadUnsafe(ref Unsafe.Add(ref d, 2 * width));
                    a3 += s * Vector.LoadUnsafe(ref Unsafe.Add(ref d, 3 * width));
                }
                ref float o = ref Unsafe.Add(ref dwRef, k * outputs + j);
                a0.StoreUnsafe(ref o);
                a1.StoreUnsafe(ref Unsafe.Add(ref o, width));
                a2.StoreUnsafe(ref Unsafe.Add(ref o, 2 * width));
                a3.StoreUnsafe(ref Unsafe.Add(ref o, 3 * width));
            }
            for (; j < vectorColumns; j += width)
            {
                Vector<float> a = default;
                for (int n = 0; n < nonZero; n++)
                    a += new Vector<float>(value[n]) * Vector.LoadUnsafe(ref Unsafe.Add(ref dyRef, rows[n] * outputs + j));
                a.StoreUnsafe(ref Unsafe.Add(ref dwRef, k * outputs + j));
            }
            for (; j < outputs; j++)
            {
                float a = 0f;
                for (int n = 0; n < nonZero; n++) a += value[n] * dy[rows[n] * outputs + j];
                dw[k * outputs + j] = a;
            }
        }
    }

    /// <summary>The plain triple loops the fast kernels are tested against.</summary>
    internal static class Naive
    {
        public static void DenseForward(ReadOnlySpan<float> x, int batch, int inputs, ReadOnlySpan<float> w, ReadOnlySpan<float> b, int outputs, Span<float> y)
        {
            for (int r = 0; r < batch; r++)
                for (int j = 0; j < outputs; j++)
                {
                    float a = b[j];
                    for (int k = 0; k < inputs; k++) a += x[r * inputs + k] * w[k * outputs + j];
                    y[r * outputs + j] = a;
                }
        }

        public static void DenseBackwardWeights(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, int batch, int inputs, int outputs, Span<float> dw, Span<float> db)
        {
            for (int j = 0; j < outputs; j++)
            {
                float s = 0f;
                for (int r = 0; r < batch; r++) s += dy[r * outputs + j];
                db[j] = s;
                for (int k = 0; k < inputs; k++)
                {
                    float a = 0f;
                    for (int r = 0; r < batch; r++) a += x[r * inputs + k] * dy[r * outputs + j];
                    dw[k * outputs + j] = a;
                }
            }
        }
    }
}
