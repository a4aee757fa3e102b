using Sluice.Kernels.Checksums;

namespace Sluice.Events.Records;

/// <summary>
/// TFRecord stores CRCs masked: ((c >> 15) | (c << 17)) + 0xa282ead8. Masking keeps a CRC of data that itself
/// embeds CRCs from being trivially predictable.
/// </summary>
internal static class MaskedCrc
{
    private const uint MaskDelta = 0xA282EAD8u;

    public static uint Mask(uint crc) => unchecked(((crc >> 15) | (crc << 17)) + MaskDelta);

    public static uint Unmask(uint masked)
    {
        uint rotated = unchecked(masked - MaskDelta);
        return (rotated >> 17) | (rotated << 15);
    }

    public static uint Of(ReadOnlySpan<byte> data) => Mask(Crc32C.Compute(data));
}
