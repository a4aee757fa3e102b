using System.Globalization;
using System.Text;
using Sluice.Data.Text;

namespace Sluice.Data.Tests.Text;

/// <summary>The fast float parser is held to the runtime's correctly rounded parser (its naive twin).</summary>
public sealed class Utf8NumberTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("39")]
    [InlineData("+7.25")]
    [InlineData("0.1")]
    [InlineData("3.4028235e38")]
    [InlineData("3.5e38")]
    [InlineData("1e-45")]
    [InlineData("1.17549435e-38")]
    [InlineData("123456789012345678901234567890")]
    [InlineData(".5")]
    [InlineData("5.")]
    [InlineData("1E5")]
    [InlineData("0.000000000000000000000000000001")]
    [InlineData("16777217")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    public void Float_matches_runtime_parser(string text) => AssertSameAsRuntime(text);

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("abc")]
    [InlineData("1,5")]
    [InlineData("1.2.3")]
    [InlineData("1e")]
    [InlineData(" 1")]
    [InlineData("0x10")]
    public void Float_rejects_non_numbers(string text)
    {
        Assert.False(Utf8Number.TryParseFloat(Encoding.UTF8.GetBytes(text), out _));
    }

    [Fact]
    public void Float_matches_runtime_on_random_decimals()
    {
        var random = new Random(12345);
        for (int i = 0; i < 200_000; i++)
        {
            string text = (i % 4) switch
            {
                0 => (random.NextDouble() * Math.Pow(10, random.Next(-12, 12))).ToString("R", CultureInfo.InvariantCulture),
                1 => random.Next(-1_000_000, 1_000_000) + "." + random.Next(0, 100_000).ToString("D5", CultureInfo.InvariantCulture),
                2 => ((float)(random.NextDouble() * 1000)).ToString("R", CultureInfo.InvariantCulture),
                _ => random.NextInt64(0, 1L << 60) + "e" + random.Next(-30, 20),
            };
            AssertSameAsRuntime(text);
        }
    }

    [Fact]
    public void Float_midpoints_between_floats_round_correctly()
    {
        // 1 + 2^-24 is exactly halfway between 1 and the next float: ties-to-even gives 1. Slightly above it must
        // round up; parsing through double first would round both to the same value.
        AssertSameAsRuntime("1.000000059604644775390625");
        AssertSameAsRuntime("1.0000000596046447753906251");
        AssertSameAsRuntime("16777217.0");
        AssertSameAsRuntime("16777219");
    }

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("-17", -17L)]
    [InlineData("+90", 90L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    public void Int64_parses(string text, long expected)
    {
        Assert.True(Utf8Number.TryParseInt64(Encoding.UTF8.GetBytes(text), out long value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("+")]
    [InlineData("1.0")]
    [InlineData("9223372036854775808")]
    [InlineData("-9223372036854775809")]
    [InlineData("12a")]
    public void Int64_rejects(string text) => Assert.False(Utf8Number.TryParseInt64(Encoding.UTF8.GetBytes(text), out _));

    private static void AssertSameAsRuntime(string text)
    {
        Assert.True(Utf8Number.TryParseFloat(Encoding.UTF8.GetBytes(text), out float fast), text);
        float expected = float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(fast), $"{text}: expected {expected:R}, got {fast:R}");
    }
}
