namespace Sluice.Tensors;

// Row gather, segment sums and one-hot. Ids < 0 mean "missing" and contribute nothing.
public sealed partial class Tensor
{
    /// <summary>
    /// Rows of this table (N, d…) picked by integer <paramref name="indices"/> (any shape) → (indices…, d…).
    /// A variable read only through Gather gets a sparse-by-rows gradient.
    /// </summary>
    public Tensor Gather(Tensor indices) => Apply(Op.Gather, null, this, indices);

    /// <summary>out[s] = Σ rows i of this with ids[i] = s; this is (k, d…), ids are (k) → (segments, d…).</summary>
    public Tensor SegmentSum(Tensor segmentIds, int numSegments) => Apply(Op.SegmentSum, new SegmentSumParams(numSegments), this, segmentIds);

    /// <summary>Segment sum with as many segments as <paramref name="segmentsLike"/> has rows at run time (e.g. the batch).</summary>
    public Tensor SegmentSum(Tensor segmentIds, Tensor segmentsLike) => Apply(Op.SegmentSum, new SegmentSumParams(-1), this, segmentIds, segmentsLike);

    /// <summary>this + rows of <paramref name="updates"/> added at <paramref name="indices"/> (a functional scatter-add).</summary>
    public Tensor ScatterAdd(Tensor indices, Tensor updates) => this + updates.SegmentSum(indices, Shape.Dims[0]);

    /// <summary>Integer ids → f32 (ids…, depth) with a 1 at each id (a zero row for a negative id).</summary>
    public Tensor OneHot(int depth) => Apply(Op.OneHot, new OneHotParams(depth), this);
}
