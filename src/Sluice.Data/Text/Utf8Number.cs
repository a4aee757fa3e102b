using System.Globalization;

namespace Sluice.Data.Text;

/// <summary>
/// Number parsing straight from UTF-8 bytes. The float fast path (Clinger: an exact integer mantissa scaled by an
/// exact power of ten) covers ordinary decimal text; anything else, and the rare double-rounding midpoint, falls back
/// to the runtime's correctly rounded parser, so the result always equals <see cref="float.Parse(string)"/>.
/// </summary>
internal static class Utf8Number
{
    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22,
    ];

    private static readonly float[] FloatPowersOfTen = [1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f];

    private const NumberStyles FloatStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static bool TryParseFloat(ReadOnlySpan<byte> text, out float value)
    {
        if (!TryParseDecimal(text, out ulong mantissa, out int exponent, out bool negative)) return Fallback(text, out value);
        return FromDecimal(text, mantissa, exponent, negative, out value);
    }

    /// <summary>
    /// <see cref="TryParseFloat(ReadOnlySpan{byte}, out float)"/> of <c>source[start..start+length]</c>, allowed to look
    /// at up to 16 bytes after <paramref name="start"/> so that ordinary decimals take the vector shortcut
    /// (<see cref="SimdDecimal"/>); the result is the same.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static bool TryParseFloat(ReadOnlySpan<byte> source, int start, int length, out float value)
    {
        var text = source.Slice(start, length);
        // Up to three bytes the scalar loop is shorter than the vector steps, and a column's short integers (ages,
        // counts, hours) tend to share a length, so its loop exit predicts well.
        if (length <= 3) return TryParseFloat(text, out value);
        if (SimdDecimal.TryParse(source, start, length, out ulong mantissa, out int fractionDigits, out bool negative))
            return FromDecimal(text, mantissa, -fractionDigits, negative, out value);
        return TryParseFloat(text, out value);
    }

    /// <summary>mantissa·10^exponent rounded to the nearest float (<paramref name="text"/> is the fallback's input).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static bool FromDecimal(ReadOnlySpan<byte> text, ulong mantissa, int exponent, bool negative, out float value)
    {
        if (mantissa <= (1UL << 24) && exponent is >= -10 and <= 10)
        {
            // Both operands are exact floats, so one IEEE single operation rounds correctly (Clinger's fast path).
            float exactFloat = exponent < 0 ? mantissa / FloatPowersOfTen[-exponent] : mantissa * FloatPowersOfTen[exponent];
            value = negative ? -exactFloat : exactFloat;
            return true;
        }
        return TryParseFloatSlow(text, mantissa, exponent, negative, out value);
    }

    private static bool Fallback(ReadOnlySpan<byte> text, out float value) =>
        float.TryParse(text, FloatStyle, CultureInfo.InvariantCulture, out value);

    private static bool TryParseFloatSlow(ReadOnlySpan<byte> text, ulong mantissa, int exponent, bool negative, out float value)
    {
        if (mantissa <= (1UL << 53) && exponent is >= -22 and <= 22)
        {
            double exact = exponent < 0 ? mantissa / PowersOfTen[-exponent] : mantissa * PowersOfTen[exponent];
            float rounded = (float)exact;
            // (double)→(float) rounds a second time; that is only wrong when the double sits exactly on a float
            // midpoint (the low 29 mantissa bits are 1000…0), or in the subnormal range. Defer those to the runtime.
            ulong bits = BitConverter.DoubleToUInt64Bits(exact);
            bool midpoint = (bits & 0x1FFF_FFFFUL) == 0x1000_0000UL;
            if (!midpoint && (exact == 0 || exact >= 1.1754943508222875e-38))
            {
                value = negative ? -rounded : rounded;
                return true;
            }
        }
        return float.TryParse(text, FloatStyle, CultureInfo.InvariantCulture, out value);
    }

    public static bool TryParseDouble(ReadOnlySpan<byte> text, out double value)
    {
        if (TryParseDecimal(text, out ulong mantissa, out int exponent, out bool negative) && mantissa <= (1UL << 53)
            && exponent is >= -22 and <= 22)
        {
            double exact = exponent < 0 ? mantissa / PowersOfTen[-exponent] : mantissa * PowersOfTen[exponent];
            value = negative ? -exact : exact;
            return true;
        }
        return double.TryParse(text, FloatStyle, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Optional sign then decimal digits only; false on overflow or any other character.</summary>
    public static bool TryParseInt64(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        if (text.IsEmpty) return false;
        int i = 0;
        bool negative = false;
        if (text[0] is (byte)'-' or (byte)'+')
        {
            negative = text[0] == '-';
            i = 1;
            if (text.Length == 1) return false;
        }
        ulong magnitude = 0;
        for (; i < text.Length; i++)
        {
            uint digit = (uint)(text[i] - '0');
            if (digit > 9) return false;
            if (magnitude > (ulong.MaxValue - digit) / 10) return false;
            magnitude = magnitude * 10 + digit;
        }
        if (negative)
        {
            if (magnitude > 1UL << 63) return false;
            value = (long)(0 - magnitude);
        }
        else
        {
            if (magnitude > long.MaxValue) return false;
            value = (long)magnitude;
        }
        return true;
    }

    /// <summary>
    /// [sign] digits [. digits] [(e|E) [sign] digits] with at most 19 significant digits, as mantissa·10^exponent.
    /// false when the text has another shape (left to the fallback parser).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static bool TryParseDecimal(ReadOnlySpan<byte> text, out ulong mantissa, out int exponent, out bool negative)
    {
        mantissa = 0;
        exponent = 0;
        negative = false;
        int i = 0, n = text.Length;
        if (n == 0) return false;
        if (text[0] is (byte)'-' or (byte)'+')
        {
            negative = text[0] == '-';
            i = 1;
        }
        // At most 19 digits always fit in a ulong, so the loops need no overflow or leading-zero checks; longer
        // numbers (rare) are left to the fallback.
        int digitsStart = i;
        for (; i < n; i++)
        {
            uint d = (uint)(text[i] - '0');
            if (d > 9) break;
            mantissa = mantissa * 10 + d;
        }
        int digits = i - digitsStart;
        if (i < n && text[i] == '.')
        {
            int fractionStart = ++i;
            for (; i < n; i++)
            {
                uint d = (uint)(text[i] - '0');
                if (d > 9) break;
                mantissa = mantissa * 10 + d;
            }
            exponent = fractionStart - i;
            digits += i - fractionStart;
        }
        if (digits == 0 || digits > 19) return false;
        if (i < n && text[i] is (byte)'e' or (byte)'E')
        {
            i++;
            bool negativeExponent = false;
            if (i < n && text[i] is (byte)'-' or (byte)'+')
            {
                negativeExponent = text[i] == '-';
                i++;
            }
            int start = i, e = 0;
            for (; i < n; i++)
            {
                uint d = (uint)(text[i] - '0');
                if (d > 9) break;
                if (e < 10_000) e = e * 10 + (int)d;
            }
            if (i == start) return false;
            exponent += negativeExponent ? -e : e;
        }
        return i == n;
    }
}
