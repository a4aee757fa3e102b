using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Sluice.Kernels.Checksums;
using static Sluice.Learning.Checkpoints.CheckpointFormat;

namespace Sluice.Learning.Checkpoints;

/// <summary>
/// Reads and verifies a checkpoint file: header magic, version and CRC, every section's CRC, the footer's magic and
/// recorded length. Any problem throws <see cref="CheckpointCorruptException"/> naming the file, the byte offset and
/// what is wrong; nothing is returned from a file that fails any check.
/// </summary>
public static class CheckpointReader
{
    public static Checkpoint Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException e)
        {
            throw new CheckpointCorruptException(path, 0, "the file does not exist.", e);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new CheckpointCorruptException(path, 0, "its folder does not exist.", e);
        }
        return Parse(path, bytes);
    }

    internal static Checkpoint Parse(string path, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderLength)
            throw Corrupt(path, 0, $"the file is {bytes.Length} bytes long, shorter than the {HeaderLength}-byte header (truncated or not a checkpoint).");
        if (!bytes[..8].SequenceEqual(HeaderMagic))
            throw Corrupt(path, 0, "the header magic is not 'SLUICECK' (not a Sluice checkpoint).");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
        if (BinaryPrimitives.ReadUInt32LittleEndian(bytes[20..]) != Crc32C.Compute(bytes[..20]))
            throw Corrupt(path, 20, "the header checksum does not match (the header is corrupted).");
        if (version != FormatVersion)
            throw Corrupt(path, 8, $"format version {version} is not supported (this build reads version {FormatVersion}).");
        uint sectionCount = BinaryPrimitives.ReadUInt32LittleEndian(bytes[12..]);
        if (sectionCount < 2)
            throw Corrupt(path, 12, $"the header announces {sectionCount} sections; at least metadata and RNG state are required.");

        long offset = HeaderLength;
        Checkpoint? checkpoint = null;
        long expectedTensors = 0;
        for (uint index = 0; index < sectionCount; index++)
        {
            long sectionStart = offset;
            ReadOnlySpan<byte> payload = ReadSection(path, bytes, ref offset, index, out SectionKind kind);
            if (index == 0)
            {
                if (kind != SectionKind.Metadata || payload.Length != MetadataLength)
                    throw Corrupt(path, sectionStart, $"section 0 must be the {MetadataLength}-byte metadata section, found kind {(uint)kind} of {payload.Length} bytes.");
                long globalStep = BinaryPrimitives.ReadInt64LittleEndian(payload);
                expectedTensors = BinaryPrimitives.ReadUInt32LittleEndian(payload[16..]);
                if (globalStep < 0) throw Corrupt(path, sectionStart, $"the global step is negative ({globalStep}).");
                if (expectedTensors != sectionCount - 2)
                    throw Corrupt(path, sectionStart, $"metadata announces {expectedTensors} tensors but the header announces {sectionCount} sections.");
                checkpoint = new Checkpoint(globalStep) { SourcePath = path };
            }
            else if (index == 1)
            {
                if (kind != SectionKind.RngState)
                    throw Corrupt(path, sectionStart, $"section 1 must be the RNG state, found kind {(uint)kind}.");
                checkpoint = new Checkpoint(checkpoint!.GlobalStep, payload) { SourcePath = path };
            }
            else
            {
                if (kind != SectionKind.Tensor)
                    throw Corrupt(path, sectionStart, $"section {index} must be a tensor, found kind {(uint)kind}.");
                CheckpointTensor tensor = ParseTensor(path, sectionStart, payload);
                if (checkpoint!.TryGet(tensor.Name, out _))
                    throw Corrupt(path, sectionStart, $"tensor '{tensor.Name}' appears twice.");
                checkpoint.Add(tensor);
            }
        }

        if (bytes.Length - offset < FooterLength)
            throw Corrupt(path, offset, $"the footer is missing: {bytes.Length - offset} bytes remain after the last section, {FooterLength} expected (the file is truncated).");
        ReadOnlySpan<byte> footer = bytes.Slice((int)offset, FooterLength);
        if (!footer[..8].SequenceEqual(FooterMagic))
            throw Corrupt(path, offset, "the footer magic is not 'SLCKEND' (the file is corrupted).");
        long recordedLength = BinaryPrimitives.ReadInt64LittleEndian(footer[8..]);
        if (recordedLength != bytes.Length || offset + FooterLength != bytes.Length)
            throw Corrupt(path, offset, $"the footer records a file of {recordedLength} bytes but the file has {bytes.Length} bytes.");
        return checkpoint!;
    }

    private static ReadOnlySpan<byte> ReadSection(string path, ReadOnlySpan<byte> bytes, ref long offset, uint index, out SectionKind kind)
    {
        long remaining = bytes.Length - offset;
        if (remaining < SectionHeaderLength + SectionTrailerLength)
            throw Corrupt(path, offset, $"section {index} is cut off: only {remaining} bytes remain (the file is truncated).");
        ReadOnlySpan<byte> sectionHeader = bytes.Slice((int)offset, SectionHeaderLength);
        kind = (SectionKind)BinaryPrimitives.ReadUInt32LittleEndian(sectionHeader);
        ulong payloadLength = BinaryPrimitives.ReadUInt64LittleEndian(sectionHeader[4..]);
        if (payloadLength > (ulong)(remaining - SectionHeaderLength - SectionTrailerLength))
            throw Corrupt(path, offset, $"section {index} declares {payloadLength} payload bytes but only {remaining - SectionHeaderLength - SectionTrailerLength} remain (truncated or corrupted length).");
        int length = (int)payloadLength;
        ReadOnlySpan<byte> covered = bytes.Slice((int)offset, SectionHeaderLength + length);
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(bytes[((int)offset + SectionHeaderLength + length)..]);
        if (stored != Crc32C.Compute(covered))
            throw Corrupt(path, offset, $"section {index} (kind {(uint)kind}, {length} bytes) fails its CRC-32C check (the data is corrupted).");
        offset += SectionHeaderLength + length + SectionTrailerLength;
        return covered[SectionHeaderLength..];
    }

    private static CheckpointTensor ParseTensor(string path, long sectionStart, ReadOnlySpan<byte> payload)
    {
        // The CRC already matched, so a bad description here means a writer bug or a deliberate forgery; still check.
        if (payload.Length < 2) throw Corrupt(path, sectionStart, "a tensor section is too short for its name.");
        int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(payload);
        if (payload.Length < 2 + nameLength + 2) throw Corrupt(path, sectionStart, "a tensor section is too short for its description.");
        string name = Encoding.UTF8.GetString(payload.Slice(2, nameLength));
        int at = 2 + nameLength;
        var dtype = (CheckpointDType)payload[at++];
        int rank = payload[at++];
        if (payload.Length < at + 4 * rank) throw Corrupt(path, sectionStart, $"tensor '{name}' is too short for its {rank} dimensions.");
        int[] shape = new int[rank];
        long count = 1;
        for (int d = 0; d < rank; d++, at += 4)
        {
            uint dim = BinaryPrimitives.ReadUInt32LittleEndian(payload[at..]);
            if (dim > int.MaxValue) throw Corrupt(path, sectionStart, $"tensor '{name}' has dimension {dim}, too large.");
            shape[d] = (int)dim;
            count *= dim;
        }
        int elementSize = dtype switch
        {
            CheckpointDType.Float32 => 4,
            CheckpointDType.Int64 => 8,
            _ => throw Corrupt(path, sectionStart, $"tensor '{name}' has unknown dtype code {(byte)dtype}."),
        };
        ReadOnlySpan<byte> data = payload[at..];
        if (data.Length != count * elementSize)
            throw Corrupt(path, sectionStart, $"tensor '{name}' of shape [{string.Join(",", shape)}] needs {count * elementSize} data bytes, the section holds {data.Length}.");
        return dtype == CheckpointDType.Float32
            ? CheckpointTensor.FromFloats(name, shape, MemoryMarshal.Cast<byte, float>(data).ToArray())
            : CheckpointTensor.FromInt64s(name, shape, MemoryMarshal.Cast<byte, long>(data).ToArray());
    }

    private static CheckpointCorruptException Corrupt(string path, long offset, string problem) => new(path, offset, problem);
}
