namespace Sluice.Tensors;

// Reductions over any set of axes (null or empty = all axes), with or without keeping reduced axes as size 1.
public sealed partial class Tensor
{
    public Tensor Sum(int[]? axes = null, bool keepDims = false) => Apply(Op.ReduceSum, Reduce(axes, keepDims), this);

    public Tensor Sum(int axis, bool keepDims = false) => Sum([axis], keepDims);

    public Tensor Max(int[]? axes = null, bool keepDims = false) => Apply(Op.ReduceMax, Reduce(axes, keepDims), this);

    public Tensor Max(int axis, bool keepDims = false) => Max([axis], keepDims);

    public Tensor Min(int[]? axes = null, bool keepDims = false) => Apply(Op.ReduceMin, Reduce(axes, keepDims), this);

    public Tensor Min(int axis, bool keepDims = false) => Min([axis], keepDims);

    /// <summary>Sum / count, where the count comes from the run-time shape (so a varying batch averages correctly).</summary>
    public Tensor Mean(int[]? axes = null, bool keepDims = false)
    {
        var p = Reduce(axes, keepDims);
        return Apply(Op.ReduceSum, p, this) / Apply(Op.ShapeCount, p with { KeepDims = false }, this);
    }

    public Tensor Mean(int axis, bool keepDims = false) => Mean([axis], keepDims);

    /// <summary>Index of the first maximum along <paramref name="axis"/> (i32).</summary>
    public Tensor ArgMax(int axis = -1) => Apply(Op.ArgMax, new AxisParams(Shape.NormalizeAxis(axis)), this);

    /// <summary>log Σ e^x, computed as m + log Σ e^(x-m) with m the (gradient-stopped) maximum: no overflow.</summary>
    public Tensor LogSumExp(int[]? axes = null, bool keepDims = false)
    {
        var m = Max(axes, keepDims: true).StopGradient();
        var s = (this - m).Exp().Sum(axes, keepDims).Log();
        return s + (keepDims ? m : Apply(Op.ReshapeLike, null, m, s));
    }

    public Tensor LogSumExp(int axis, bool keepDims = false) => LogSumExp([axis], keepDims);

    /// <summary>The element count over <paramref name="axes"/> as an f32 scalar, from the run-time shape.</summary>
    public Tensor CountOf(int[]? axes = null) => Apply(Op.ShapeCount, Reduce(axes, false), this);

    private ReduceParams Reduce(int[]? axes, bool keepDims)
    {
        if (axes is null || axes.Length == 0)
        {
            var all = new int[Rank];
            for (int i = 0; i < all.Length; i++) all[i] = i;
            return new ReduceParams(all, keepDims);
        }
        var normalized = new int[axes.Length];
        for (int i = 0; i < axes.Length; i++) normalized[i] = Shape.NormalizeAxis(axes[i]);
        Array.Sort(normalized);
        for (int i = 1; i < normalized.Length; i++)
            if (normalized[i] == normalized[i - 1]) throw new ArgumentException($"Axis {normalized[i]} is repeated in ({string.Join(",", axes)}).");
        return new ReduceParams(normalized, keepDims);
    }
}
