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
