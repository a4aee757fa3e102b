using System.Text;
using Sluice.Kernels.Checksums;

namespace Sluice.Kernels.Tests;

public sealed class Crc32CTests
{
    // Check values from RFC 3720 (iSCSI) appendix B.4 and the common "123456789" check value.
    public static TheoryData<byte[], uint> KnownVectors => new()
    {
        { Encoding.ASCII.GetBytes("123456789"), 0xE3069283u },
        { new byte[32], 0x8A9136AAu },
        { Enumerable.Repeat((byte)0xFF, 32).ToArray(), 0x62A8AB43u },
        { Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(), 0x46DD794Eu },
        { Enumerable.Range(0, 32).Select(i => (byte)(31 - i)).ToArray(), 0x113FDB5Cu },
        { Array.Empty<byte>(), 0x00000000u },
    };

    [Theory, MemberData(nameof(KnownVectors))]
    public void Every_path_matches_the_published_check_values(byte[] data, uint expected)
    {
        Assert.Equal(expected, Crc32CReference.Compute(data));
        Assert.Equal(expected, Crc32C.ComputeTable(data));
        Assert.Equal(expected, Crc32C.Compute(data));
    }

    [Fact]
    public void Fast_and_table_paths_match_the_naive_twin_for_every_tail_length_and_alignment()
    {
        var random = new Random(42);
        byte[] data = new byte[80];
        random.NextBytes(data);
        for (int start = 0; start < 8; start++)
        {
            for (int length = 0; length <= 70; length++)
            {
                ReadOnlySpan<byte> slice = data.AsSpan(start, length);
                uint expected = Crc32CReference.Compute(slice);
                Assert.Equal(expected, Crc32C.ComputeTable(slice));
                Assert.Equal(expected, Crc32C.Compute(slice));
            }
        }
    }

    [Fact]
    public void Large_buffers_agree_with_the_naive_twin()
    {
        var random = new Random(7);
        byte[] data = new byte[100_003];
        random.NextBytes(data);
        Assert.Equal(Crc32CReference.Compute(data), Crc32C.Compute(data));
        Assert.Equal(Crc32CReference.Compute(data), Crc32C.ComputeTable(data));
    }

    [Fact]
    public void Appending_pieces_equals_computing_the_whole()
    {
        var random = new Random(3);
        byte[] data = new byte[1000];
        random.NextBytes(data);
        uint running = Crc32C.Seed;
        running = Crc32C.Append(running, data.AsSpan(0, 13));
        running = Crc32C.Append(running, data.AsSpan(13, 600));
        running = Crc32C.Append(running, data.AsSpan(613));
        Assert.Equal(Crc32CReference.Compute(data), Crc32C.Finish(running));
    }
}
