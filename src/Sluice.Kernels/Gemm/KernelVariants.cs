namespace Sluice.Kernels;

/// <summary>Whether a micro-kernel instantiation also stores the B rows it loads (see
/// <see cref="IMicroKernel.RunCopyingB"/>). A type parameter rather than a flag, so each instantiation's k loop has
/// no branch and, without the copy, no extra live registers.</summary>
internal interface IBCopy
{
    static abstract bool Enabled { get; }
}

internal readonly struct WithoutBCopy : IBCopy
{
    public static bool Enabled => false;
}

internal readonly struct WithBCopy : IBCopy
{
    public static bool Enabled => true;
}

/// <summary>Whether a micro-kernel instantiation handles only full tiles stored as they are (alpha 1, beta 0), so
/// that it needs neither the row clamping nor the alpha/beta and per-row branches of the general store.</summary>
internal interface ITileStore
{
    static abstract bool FullPlain { get; }
}

internal readonly struct FullTileStore : ITileStore
{
    public static bool FullPlain => true;
}

internal readonly struct AnyTileStore : ITileStore
{
    public static bool FullPlain => false;
}
