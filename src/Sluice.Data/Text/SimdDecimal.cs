using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Sluice.Data.Text;

/// <summary>
/// Reads <c>[+-]digits[.digits]</c> (at most 16 digits, no exponent) as mantissa·10^-fractionDigits with 16-byte vector
/// steps and no branch per character. A scalar loop mispredicts at the end of each run of digits, and CSV cells have
/// varying lengths, so those mispredictions dominate parsing; here only the final shape checks branch.
/// The digits are moved right-aligned into one vector (the dot squeezed out), then combined pairwise with
/// multiply-adds: 16 digits → 8 two-digit → 4 four-digit → 2 eight-digit numbers (the SSE4.1 technique of simdjson).
/// Returns false for any other shape and on hardware without SSSE3/SSE4.1; callers then use the scalar parser, which
/// accepts a superset, so this is purely a shortcut.
/// </summary>
internal static class SimdDecimal
{
    private const int Lanes = 16;

    /// <summary>true when <see cref="TryParse"/> can run on this machine (false under <c>DOTNET_EnableHWIntrinsic=0</c>).</summary>
    public static bool IsSupported => Ssse3.IsSupported && Sse41.IsSupported;

    /// <param name="source">Bytes holding the number at <paramref name="start"/>; up to 16 bytes after the sign are read, so the number must not end within 16 bytes of the span's end (else false).</param>
    /// <param name="start">Where the number starts in <paramref name="source"/>.</param>
    /// <param name="length">The number's length in bytes.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParse(ReadOnlySpan<byte> source, int start, int length, out ulong mantissa, out int fractionDigits, out bool negative)
    {
        mantissa = 0;
        fractionDigits = 0;
        negative = false;
        if (!IsSupported || length <= 0) return false;
        byte first = source[start];
        if (first is (byte)'-' or (byte)'+')
        {
            negative = first == '-';
            start++;
            length--;
        }
        if ((uint)(length - 1) >= Lanes || start + Lanes > source.Length) return false;

        var text = Vector128.Create(source.Slice(start, Lanes));
        var lane = Vector128.Create((byte)0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        var inNumber = Vector128.LessThan(lane, Vector128.Create((byte)length));
        var digits = text - Vector128.Create((byte)'0');
        var isDigit = Vector128.LessThanOrEqual(digits, Vector128.Create((byte)9));
        var isDot = Vector128.Equals(text, Vector128.Create((byte)'.'));
        uint other = (inNumber & ~(isDigit | isDot)).ExtractMostSignificantBits();
        uint dots = (inNumber & isDot).ExtractMostSignificantBits();
        if ((other | (dots & (dots - 1))) != 0) return false;   // a character that is no digit, or two dots

        int dot = dots == 0 ? length : BitOperations.TrailingZeroCount(dots);
        int count = length - (dots == 0 ? 0 : 1);
        if (count == 0) return false;
        fractionDigits = length - dot - (dots == 0 ? 0 : 1);

        // Output lane j takes digit t = j - (16 - count), found at text lane t (before the dot) or t + 1 (after it);
        // lanes with t < 0 get a negative index, which PSHUFB turns into 0 (leading zeros).
        var index = lane.AsSByte() + Vector128.Create((sbyte)(count - Lanes));
        index -= Vector128.GreaterThanOrEqual(index, Vector128.Create((sbyte)dot));   // true is -1: adds one
        var aligned = Ssse3.Shuffle(digits, index.AsByte());

        var pairs = Ssse3.MultiplyAddAdjacent(aligned, Vector128.Create((sbyte)10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1));
        var quads = Sse2.MultiplyAddAdjacent(pairs, Vector128.Create((short)100, 1, 100, 1, 100, 1, 100, 1));
        var packed = Sse41.PackUnsignedSaturate(quads, quads).AsInt16();
        var eights = Sse2.MultiplyAddAdjacent(packed, Vector128.Create((short)10000, 1, 10000, 1, 10000, 1, 10000, 1));
        mantissa = (ulong)(uint)eights.GetElement(0) * 100_000_000UL + (uint)eights.GetElement(1);
        return true;
    }
}
