using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Sluice.Data.Text;

namespace Sluice.Data.Tests.Text;

/// <summary>
/// The one-word integer reader against <see cref="uint.Parse(string)"/>: every length 1–8 with random digits and
/// leading zeros, the largest and smallest values, every non-digit byte at every position, and whatever bytes
/// follow the digits in the word (they must not matter).
/// </summary>
public sealed class SwarIntegerTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("7")]
    [InlineData("39")]
    [InlineData("007")]
    [InlineData("77516")]
    [InlineData("99999999")]
    [InlineData("00000000")]
    [InlineData("10000000")]
    [InlineData("16777217")]
    public void Reads_digits(string digits)
    {
        foreach (string after in new[] { "", ",", "\n1234567", "\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff" })
        {
            Assert.True(SwarInteger.TryParse(Word(digits + after), digits.Length, out uint value), digits + after);
            Assert.Equal(uint.Parse(digits, CultureInfo.InvariantCulture), value);
        }
    }

    [Fact]
    public void Random_digits_of_every_length_match_the_runtime()
    {
        var random = new Random(31);
        for (int i = 0; i < 200_000; i++)
        {
            int length = 1 + i % 8;
            var text = new StringBuilder();
            for (int d = 0; d < 8; d++) text.Append((char)(d < length ? '0' + random.Next(10) : random.Next(256)));
            string digits = text.ToString(0, length);
            Assert.True(SwarInteger.TryParse(Word(text.ToString()), length, out uint value), digits);
            Assert.Equal(uint.Parse(digits, CultureInfo.InvariantCulture), value);
        }
    }

    [Fact]
    public void Declines_any_non_digit_byte_at_any_position()
    {
        for (int length = 1; length <= 8; length++)
        {
            for (int position = 0; position < length; position++)
            {
                for (int b = 0; b < 256; b++)
                {
                    if (b is >= '0' and <= '9') continue;
                    var bytes = Encoding.ASCII.GetBytes("12345678");
                    bytes[position] = (byte)b;
                    Assert.False(SwarInteger.TryParse(BinaryPrimitives.ReadUInt64LittleEndian(bytes), length, out _), $"byte {b} at {position} of {length}");
                }
            }
        }
    }

    /// <summary>The first 8 chars (Latin-1, so \u00ff is byte 255) as a little-endian word, zero-padded.</summary>
    private static ulong Word(string text)
    {
        var bytes = new byte[8];
        for (int i = 0; i < Math.Min(8, text.Length); i++) bytes[i] = (byte)text[i];
        return BinaryPrimitives.ReadUInt64LittleEndian(bytes);
    }
}
