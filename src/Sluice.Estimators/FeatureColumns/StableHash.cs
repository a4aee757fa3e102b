namespace Sluice.Estimators.FeatureColumns;

/// <summary>
/// The documented 64-bit hash behind hash buckets, OOV buckets and crosses: FNV-1a 64 (offset basis
/// 0xcbf29ce484222325, prime 0x100000001b3) over UTF-8 bytes. TF uses FarmHash Fingerprint64 instead, so bucket
/// assignments differ from TF (same sizes, equally arbitrary); the PyTorch peer uses FNV-1a 64 as well.
/// </summary>
internal static class StableHash
{
    private const ulong OffsetBasis = 0xcbf29ce484222325UL;
    private const ulong Prime = 0x100000001b3UL;

    public static ulong Fnv1a64(ReadOnlySpan<byte> bytes)
    {
        ulong hash = OffsetBasis;
        foreach (byte b in bytes)
        {
            hash ^= b;
            hash *= Prime;
        }
        return hash;
    }

    /// <summary>FNV-1a 64 over the 8 little-endian bytes of <paramref name="value"/>, continuing from <paramref name="hash"/>.</summary>
    public static ulong Fnv1a64(ulong value, ulong hash = OffsetBasis)
    {
        for (int i = 0; i < 8; i++)
        {
            hash ^= (byte)(value >> (8 * i));
            hash *= Prime;
        }
        return hash;
    }

    public static ulong Seed => OffsetBasis;

    public static int Bucket(ulong hash, int buckets) => (int)(hash % (ulong)buckets);
}
