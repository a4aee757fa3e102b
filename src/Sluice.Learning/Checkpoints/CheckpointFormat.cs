namespace Sluice.Learning.Checkpoints;

/// <summary>Constants of the checkpoint byte format (see docs/checkpoint-format.md).</summary>
internal static class CheckpointFormat
{
    /// <summary>"SLUICECK" in ASCII.</summary>
    public static ReadOnlySpan<byte> HeaderMagic => "SLUICECK"u8;

    /// <summary>"SLCKEND" plus a zero byte.</summary>
    public static ReadOnlySpan<byte> FooterMagic => "SLCKEND\0"u8;

    public const uint FormatVersion = 1;
    public const int HeaderLength = 24;      // magic 8, version 4, section count 4, flags 4, CRC 4
    public const int SectionHeaderLength = 12; // kind 4, payload length 8
    public const int SectionTrailerLength = 4; // CRC
    public const int FooterLength = 16;      // magic 8, total file length 8
    public const int MetadataLength = 20;    // global step 8, created unix ms 8, tensor count 4

    public enum SectionKind : uint
    {
        Metadata = 1,
        RngState = 2,
        Tensor = 3,
    }
}
