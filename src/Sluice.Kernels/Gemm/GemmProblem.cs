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
    public GemmBlocking Blocking;

    /// <summary>C is cut into Units strips of UnitSize columns (or rows, when SplitColumns is false); threads take
    /// strips from NextUnit until none are left, so a thread the OS preempts simply does fewer of them.</summary>
    public int Units;
    public int UnitSize;
    public bool SplitColumns;
    public int NextUnit;
}
