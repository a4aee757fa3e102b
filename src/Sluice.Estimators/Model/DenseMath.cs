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
    public static void DenseForward(ReadOnlySpan<float> x, int batch, int inputs, ReadOnlySpan<float> w, ReadOnlySpan<float> b, int outputs, Span<float> y)
    {
        for (int r = 0; r < batch; r++)
        {
            var yr = y.Slice(r * outputs, outputs);
            b.CopyTo(yr);
            var xr = x.Slice(r * inputs, inputs);
            for (int k = 0; k < inputs; k++)
            {
                float xv = xr[k];
                if (xv != 0f) Axpy(xv, w.Slice(k * outputs, outputs), yr);
            }
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
    public static void DenseBackwardWeights(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, int batch, int inputs, int outputs, Span<float> dw, Span<float> db)
    {
        dw[..(inputs * outputs)].Clear();
        db[..outputs].Clear();
        for (int r = 0; r < batch; r++)
        {
            var dyr = dy.Slice(r * outputs, outputs);
            Axpy(1f, dyr, db);
            var xr = x.Slice(r * inputs, inputs);
            for (int k = 0; k < inputs; k++)
            {
                float xv = xr[k];
                if (xv != 0f) Axpy(xv, dyr, dw.Slice(k * outputs, outputs));
            }
        }
    }
}
