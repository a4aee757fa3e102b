using System.Runtime.CompilerServices;

namespace Sluice.Data.Text;

/// <summary>
/// Reads 1–8 ASCII digits held in one 64-bit word (SIMD within a register): one test checks that every byte is a
/// digit, then three multiply-shift steps combine 8 digits → 4 two-digit → 2 four-digit → 1 eight-digit number
/// (Lemire's "quickly parsing eight digits"). No branch depends on the digits or their count, so a column whose
/// cells vary in length (9, 10, 13) costs no mispredictions, unlike a loop that stops at the first non-digit.
/// </summary>
internal static class SwarInteger
{
    private const ulong HighNibbles = 0xF0F0_F0F0_F0F0_F0F0UL;
    private const ulong LowNibbles = 0x0F0F_0F0F_0F0F_0F0FUL;
    private const ulong Zeros = 0x3030_3030_3030_3030UL;      // '0' in every byte
    private const ulong ToNine = 0x0606_0606_0606_0606UL;     // '0'..'9' + 6 stays in 0x30..0x3F; ':' and above leave it

    /// <param name="word">8 bytes read little-endian from where the digits start (bytes past them are ignored).</param>
    /// <param name="length">How many digits, 1 to 8 (the caller checks).</param>
    /// <param name="value">The number the digits spell (at most 99,999,999).</param>
    /// <returns>false when one of the <paramref name="length"/> bytes is not a digit.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParse(ulong word, int length, out uint value)
    {
        // Move the digits to the top bytes: the bytes after them fall off, zero bytes come in as leading zeros.
        int shift = (8 - length) * 8;
        word <<= shift;
        ulong expected = Zeros << shift;
        ulong notDigits = ((word & HighNibbles) ^ expected) | (((word + ToNine) & HighNibbles) ^ expected);
        word = (word & LowNibbles) * (1 + (10 << 8)) >> 8;                       // pairs: 10·a + b in every other byte
        word = (word & 0x00FF_00FF_00FF_00FFUL) * (1 + (100 << 16)) >> 16;      // quads: 100·ab + cd
        value = (uint)((word & 0x0000_FFFF_0000_FFFFUL) * (1 + (10000UL << 32)) >> 32);   // 10000·abcd + efgh
        return notDigits == 0;
    }
}
