using System.Globalization;
using System.Text;
using Sluice.Data.Text;

namespace Sluice.Data.Tests.Text;

/// <summary>
/// The vector decimal shortcut against its oracles: the exact decimal value (<see cref="decimal.Parse(string)"/>) for
/// the mantissa and scale, and the runtime's float parser for the whole cell parse, bit for bit. Inputs sit inside a
/// larger buffer (the shortcut reads past the number) at every length up to past a vector and at the buffer's end.
/// </summary>
public sealed class SimdDecimalTests
{
    private const NumberStyles CellStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("+7.25")]
    [InlineData("39")]
    [InlineData("5.")]
    [InlineData(".5")]
    [InlineData("-1234.5678")]
    [InlineData("0000000000000001")]
    [InlineData("9999999999999999")]
    [InlineData("9999999.99999999")]
    [InlineData("-.000000000000001")]
    public void Parses_plain_decimals_exactly(string text)
    {
        byte[] buffer = Embed(text, out int start, trailing: ",9.9,abc\n12345678901234567890");
        if (!SimdDecimal.IsSupported) return;   // the shortcut is off (no SSSE3/SSE4.1): the float tests still run
        Assert.True(SimdDecimal.TryParse(buffer, start, text.Length, out ulong mantissa, out int fractionDigits, out bool negative), text);
        AssertExact(text, mantissa, fractionDigits, negative);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("1.2.3")]
    [InlineData("1e5")]
    [InlineData("12a")]
    [InlineData(" 12")]
    [InlineData("--1")]
    [InlineData("1-")]
    [InlineData("NaN")]
    [InlineData("12345678901234567")]   // 17 digits: more than one vector
    public void Declines_other_shapes(string text)
    {
        byte[] buffer = Embed(text, out int start, trailing: "0000000000000000000");
        Assert.False(SimdDecimal.TryParse(buffer, start, text.Length, out _, out _, out _), text);
    }

    [Fact]
    public void Declines_a_number_within_a_vector_of_the_end()
    {
        byte[] buffer = Encoding.UTF8.GetBytes("x,12.5");
        Assert.False(SimdDecimal.TryParse(buffer, 2, 4, out _, out _, out _));
        Assert.True(Utf8Number.TryParseFloat(buffer, 2, 4, out float value));
        Assert.Equal(12.5f, value);
    }

    [Fact]
    public void Random_decimals_of_every_length_match_the_exact_value_and_the_runtime_float()
    {
        var random = new Random(77);
        for (int i = 0; i < 100_000; i++)
        {
            string text = RandomCell(random);
            // Half the cases end at the buffer's end (no bytes to read past), half have random bytes after them.
            string trailing = i % 2 == 0 ? "" : RandomCell(random) + "," + RandomCell(random);
            byte[] buffer = Embed(text, out int start, trailing);
            if (SimdDecimal.TryParse(buffer, start, text.Length, out ulong mantissa, out int fractionDigits, out bool negative))
                AssertExact(text, mantissa, fractionDigits, negative);

            bool expectedOk = float.TryParse(text, CellStyle, CultureInfo.InvariantCulture, out float expected);
            bool ok = Utf8Number.TryParseFloat(buffer, start, text.Length, out float actual);
            Assert.True(expectedOk == ok, $"'{text}': runtime {expectedOk}, Sluice {ok}");
            if (ok)
                Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(actual), $"'{text}': expected {expected:R}, got {actual:R}");
        }
    }

    /// <summary>A sign or none, 0–18 digits with a dot anywhere or none, and now and then a stray character.</summary>
    private static string RandomCell(Random random)
    {
        var text = new StringBuilder();
        int sign = random.Next(6);
        if (sign == 0) text.Append('-');
        else if (sign == 1) text.Append('+');
        int digits = random.Next(0, 19);
        int dot = random.Next(-1, digits + 1);
        for (int d = 0; d < digits; d++)
        {
            if (d == dot) text.Append('.');
            text.Append((char)('0' + random.Next(10)));
        }
        if (dot == digits) text.Append('.');
        if (random.Next(20) == 0) text.Insert(random.Next(text.Length + 1), "e.-x "[random.Next(5)]);
        return text.ToString();
    }

    private static byte[] Embed(string text, out int start, string trailing)
    {
        const string leading = "ab,";
        start = leading.Length;
        return Encoding.UTF8.GetBytes(leading + text + trailing);
    }

    private static void AssertExact(string text, ulong mantissa, int fractionDigits, bool negative)
    {
        decimal expected = decimal.Parse(text, CellStyle, CultureInfo.InvariantCulture);
        decimal actual = new decimal(mantissa) / (decimal)Math.Pow(10, fractionDigits);
        Assert.Equal(expected, negative ? -actual : actual);
        Assert.Equal(text.StartsWith('-'), negative);
    }
}
