namespace Sluice.Tensors;

// Matmul and data movement: reshape, permute, concat, slice, broadcast.
public sealed partial class Tensor
{
    /// <summary>
    /// op(this)·op(other). Rank 2: (m,k)·(k,n) → (m,n). Rank 3 is batched over axis 0 (other may be rank 2, shared).
    /// </summary>
    public Tensor MatMul(Tensor other, bool transposeA = false, bool transposeB = false) =>
        Apply(Op.MatMul, new MatMulParams(transposeA, transposeB), this, other);

    /// <summary>A view with new dims (one may be -1, inferred). Keep -1 on the batch axis so the batch may vary.</summary>
    public Tensor Reshape(params int[] dims) => Apply(Op.Reshape, new ReshapeParams(dims.ToArray()), this);

    /// <summary>Flattens to (dim0, rest).</summary>
    public Tensor Flatten() => Reshape(-1, Rank <= 1 ? 1 : Shape.ElementCount / Math.Max(1, Shape.Dims[0]));

    public Tensor Permute(params int[] permutation)
    {
        if (permutation.Length != Rank) throw new ArgumentException($"Permutation ({string.Join(",", permutation)}) does not match rank {Rank}.");
        var seen = new bool[Rank];
        var normalized = new int[Rank];
        for (int i = 0; i < Rank; i++)
        {
            normalized[i] = Shape.NormalizeAxis(permutation[i]);
            if (seen[normalized[i]]) throw new ArgumentException($"({string.Join(",", permutation)}) is not a permutation.");
            seen[normalized[i]] = true;
        }
        return Apply(Op.Permute, new PermuteParams(normalized), this);
    }

    /// <summary>Swaps the last two axes.</summary>
    public Tensor Transpose()
    {
        if (Rank < 2) throw new InvalidOperationException($"Transpose needs rank ≥ 2; shape is {Shape}.");
        var perm = new int[Rank];
        for (int i = 0; i < Rank; i++) perm[i] = i;
        (perm[^1], perm[^2]) = (perm[^2], perm[^1]);
        return Permute(perm);
    }

    public static Tensor Concat(int axis, params Tensor[] tensors)
    {
        if (tensors.Length == 0) throw new ArgumentException("Concat needs at least one tensor.");
        if (tensors.Length == 1) return tensors[0];
        return Apply(Op.Concat, new AxisParams(tensors[0].Shape.NormalizeAxis(axis)), tensors);
    }

    /// <summary>Elements [start, start+length) along <paramref name="axis"/>.</summary>
    public Tensor Slice(int axis, int start, int length) => Apply(Op.Slice, new SliceParams(Shape.NormalizeAxis(axis), start, length), this);

    /// <summary>This broadcast to <paramref name="like"/>'s (run-time) shape.</summary>
    public Tensor BroadcastLike(Tensor like) => Apply(Op.BroadcastLike, null, this, like);
}
