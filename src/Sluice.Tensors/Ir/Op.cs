namespace Sluice.Tensors.Ir;

/// <summary>
/// The closed set of primitive ops. Everything else (softmax, cross-entropy, relu, clip, mean, dropout, ...) is
/// composed from these in <see cref="Tensor"/>'s methods, so it needs no kernel and no gradient rule of its own.
/// </summary>
internal enum Op
{
    // leaves
    Input,
    Const,
    Variable,

    // elementwise unary (f32 -> f32)
    Neg,
    Exp,
    Log,
    Sqrt,
    Abs,
    Sign,
    Sigmoid,
    Tanh,

    // elementwise binary with broadcasting (f32, f32 -> f32)
    Add,
    Sub,
    Mul,
    Div,
    Maximum,
    Minimum,
    Pow,

    // comparisons with broadcasting (f32, f32 -> bool)
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    Equal,
    NotEqual,

    Where,          // (bool, f32, f32) -> f32, broadcasting
    Cast,           // any -> CastParams.To
    StopGradient,   // identity whose gradient is zero

    // reductions
    ReduceSum,      // ReduceParams
    ReduceMax,
    ReduceMin,
    ArgMax,         // AxisParams -> i32
    SumLike,        // (x, like): sums x over the axes where like is broadcast (the gradient of broadcasting)
    BroadcastLike,  // (x, like): broadcasts x to like's shape
    ShapeCount,     // (x) -> f32 scalar: product of x's run-time dims over ReduceParams.Axes (for means of a varying batch)

    MatMul,         // MatMulParams; rank 2, or rank 3 batched (b may be rank 2)

    // movement
    Reshape,        // ReshapeParams (one -1 allowed); a view
    ReshapeLike,    // (x, like): x viewed with like's shape
    Permute,        // PermuteParams
    Concat,         // AxisParams, any number of inputs
    Slice,          // SliceParams
    PadLike,        // (x, like) SliceParams: zeros of like's shape with x placed at Start along Axis (the gradient of Slice)

    // indexing
    Gather,         // (params[N, ...], indices int) -> [indices..., ...]; negative ids give zero rows
    SegmentSum,     // (data[k, ...], ids int [k]) or (data, ids, like) -> [segments, ...]; negative ids skipped
    OneHot,         // (indices int) OneHotParams -> f32 [indices..., depth]; negative ids give zero rows

    RandomUniformLike, // (like) RandomParams -> f32 in [0,1), drawn from the run's counter-based RNG

    Fused,          // compiler output: a chain of elementwise ops evaluated in one pass
}

internal static class OpKinds
{
    public static bool IsUnary(Op op) => op is >= Op.Neg and <= Op.Tanh;

    public static bool IsBinary(Op op) => op is >= Op.Add and <= Op.Pow;

    public static bool IsComparison(Op op) => op is >= Op.Less and <= Op.NotEqual;

    /// <summary>Ops the fusion pass may put in one pass: elementwise, broadcasting only in fusable patterns.</summary>
    public static bool IsElementwise(Op op) => IsUnary(op) || IsBinary(op) || IsComparison(op) || op is Op.Where;

    /// <summary>Ops whose output aliases their first input's storage (no copy): reshapes, and slices of whole rows.</summary>
    public static bool IsView(Op op, OpParams? p) =>
        op is Op.Reshape or Op.ReshapeLike or Op.StopGradient || (op == Op.Slice && ((SliceParams)p!).Axis == 0);

    /// <summary>Element offset of a view into its source (<paramref name="source"/> dims at run time).</summary>
    public static int ViewOffset(Op op, OpParams? p, ReadOnlySpan<int> source)
    {
        if (op != Op.Slice || source.Length == 0 || source[0] == 0) return 0;
        return ((SliceParams)p!).Start * (Shape.Count(source) / source[0]);
    }

    public static string Name(Op op) => op switch
    {
        Op.ReduceSum => "sum",
        Op.ReduceMax => "max",
        Op.ReduceMin => "min",
        Op.ArgMax => "argmax",
        Op.MatMul => "matmul",
        _ => ToSnake(op.ToString()),
    };

    private static string ToSnake(string name)
    {
        var chars = new System.Text.StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) chars.Append('_');
            chars.Append(char.ToLowerInvariant(name[i]));
        }
        return chars.ToString();
    }
}
