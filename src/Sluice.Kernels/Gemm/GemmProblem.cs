namespace Sluice.Kernels;

/// <summary>A validated GEMM call as raw pointers (the caller keeps the spans pinned until every part is done),
/// plus how the work is split into parts (one per thread).</summary>
internal unsafe struct GemmProblem
{
    public bool TransposeA;
    public bool TransposeB;
    public int M;
    public int N;
    public int K;
    public float Alpha;
    public float Beta;
    public float* A;
    public nint Lda;
    public float* B;
    public nint Ldb;
    public float* C;
    public nint Ldc;

    /// <summary>Number of parts; part p takes an equal, panel-aligned share of C's columns or rows.</summary>
    public int Parts;
    public bool SplitColumns;

    /// <summary>The [start, end) share of <paramref name="length"/> for a part, in whole multiples of <paramref name="align"/>.</summary>
    public readonly (int Start, int End) Share(int part, int length, int align)
    {
        int blocks = (length + align - 1) / align;
        int perPart = (blocks + Parts - 1) / Parts;
        int start = Math.Min(length, part * perPart * align);
        int end = Math.Min(length, (part + 1) * perPart * align);
        return (start, end);
    }
}
