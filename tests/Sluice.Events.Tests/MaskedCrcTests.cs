using Sluice.Events.Records;

namespace Sluice.Events.Tests;

public sealed class MaskedCrcTests
{
    [Theory]
    [InlineData(0u)]
    [InlineData(0xE3069283u)]
    [InlineData(0xFFFFFFFFu)]
    [InlineData(0x12345678u)]
    public void Mask_is_the_documented_rotation_plus_delta_and_unmasks(uint crc)
    {
        uint expected = unchecked(((crc >> 15) | (crc << 17)) + 0xA282EAD8u);
        Assert.Equal(expected, MaskedCrc.Mask(crc));
        Assert.Equal(crc, MaskedCrc.Unmask(MaskedCrc.Mask(crc)));
    }
}
