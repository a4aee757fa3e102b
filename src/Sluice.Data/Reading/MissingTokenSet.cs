using System.Runtime.CompilerServices;
using System.Text;

namespace Sluice.Data.Reading;

/// <summary>
/// The schema's missing-value tokens as UTF-8, tested per cell by the block path. Most cells are rejected by their
/// length alone (one bit test); one-byte tokens such as <c>?</c> are one table lookup, so a column full of <c>0</c>s
/// never compares byte sequences.
/// </summary>
internal sealed class MissingTokenSet
{
    private readonly byte[][] _tokens;
    private readonly ulong _lengths;                    // bit n set: some token has n bytes (n < 64)
    private readonly ulong[] _singleBytes = new ulong[4];   // bit b set: the one-byte token b exists

    public MissingTokenSet(IEnumerable<string> tokens)
    {
        _tokens = tokens.Select(Encoding.UTF8.GetBytes).ToArray();
        foreach (byte[] token in _tokens)
        {
            if (token.Length < 64) _lengths |= 1UL << token.Length;
            if (token.Length == 1) _singleBytes[token[0] >> 6] |= 1UL << (token[0] & 63);
        }
    }

    /// <summary>Bit n set: some token has n bytes (n &lt; 64; longer tokens are not in it), for loops that inline the test.</summary>
    public ulong LengthBits => _lengths;

    /// <summary>(4) bit b of the 256 set: the one-byte token b exists.</summary>
    public ulong[] SingleByteBits => _singleBytes;

    /// <summary>true when some token is made of digits and signs only (so it could also be read as an integer).</summary>
    public bool HasIntegerLikeToken => _tokens.Any(token => token.Length > 0 && token.All(b => b is >= (byte)'0' and <= (byte)'9' or (byte)'-' or (byte)'+'));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Contains(ReadOnlySpan<byte> cell)
    {
        if (cell.Length >= 64) return ContainsSlow(cell);
        if (((_lengths >> cell.Length) & 1) == 0) return false;
        if (cell.Length == 1) return ((_singleBytes[cell[0] >> 6] >> (cell[0] & 63)) & 1) != 0;
        return ContainsSlow(cell);
    }

    private bool ContainsSlow(ReadOnlySpan<byte> cell)
    {
        foreach (byte[] token in _tokens)
        {
            if (cell.SequenceEqual(token)) return true;
        }
        return false;
    }
}
