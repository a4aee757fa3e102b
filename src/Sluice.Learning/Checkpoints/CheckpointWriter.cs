using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Sluice.Kernels.Checksums;
using static Sluice.Learning.Checkpoints.CheckpointFormat;

namespace Sluice.Learning.Checkpoints;

/// <summary>
/// Writes a <see cref="Checkpoint"/> atomically: everything goes to a temporary file in the same folder, which is
/// flushed to disk (fsync) and then renamed over the target, so a crash leaves either the old file or the new one.
/// </summary>
public static class CheckpointWriter
{
    /// <summary>Writes <paramref name="checkpoint"/> to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, Checkpoint checkpoint)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Checkpoints are written on little-endian machines only.");

        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(directory);
        string temporary = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                WriteTo(stream, checkpoint);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, fullPath, overwrite: true);
            DirectorySync.Flush(directory);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static void WriteTo(Stream stream, Checkpoint checkpoint)
    {
        int sectionCount = 2 + checkpoint.Tensors.Count;
        Span<byte> header = stackalloc byte[HeaderLength];
        HeaderMagic.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], FormatVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], (uint)sectionCount);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 0u);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], Crc32C.Compute(header[..20]));
        stream.Write(header);
        long length = HeaderLength;

        Span<byte> metadata = stackalloc byte[MetadataLength];
        BinaryPrimitives.WriteInt64LittleEndian(metadata, checkpoint.GlobalStep);
        BinaryPrimitives.WriteInt64LittleEndian(metadata[8..], DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteUInt32LittleEndian(metadata[16..], (uint)checkpoint.Tensors.Count);
        length += WriteSection(stream, SectionKind.Metadata, metadata, ReadOnlySpan<byte>.Empty);
        length += WriteSection(stream, SectionKind.RngState, checkpoint.RngState, ReadOnlySpan<byte>.Empty);

        foreach (CheckpointTensor tensor in checkpoint.Tensors)
        {
            byte[] description = DescribeTensor(tensor);
            ReadOnlySpan<byte> data = tensor.Floats is not null
                ? MemoryMarshal.AsBytes(tensor.Floats.AsSpan())
                : MemoryMarshal.AsBytes(tensor.Int64s.AsSpan());
            length += WriteSection(stream, SectionKind.Tensor, description, data);
        }

        Span<byte> footer = stackalloc byte[FooterLength];
        FooterMagic.CopyTo(footer);
        BinaryPrimitives.WriteInt64LittleEndian(footer[8..], length + FooterLength);
        stream.Write(footer);
    }

    /// <summary>name length (u16), UTF-8 name, dtype (u8), rank (u8), dims (u32 each).</summary>
    private static byte[] DescribeTensor(CheckpointTensor tensor)
    {
        int nameLength = Encoding.UTF8.GetByteCount(tensor.Name);
        if (tensor.Shape.Length > byte.MaxValue) throw new ArgumentException($"Tensor '{tensor.Name}' has rank {tensor.Shape.Length}; at most 255 is stored.");
        byte[] description = new byte[2 + nameLength + 2 + 4 * tensor.Shape.Length];
        BinaryPrimitives.WriteUInt16LittleEndian(description, (ushort)nameLength);
        Encoding.UTF8.GetBytes(tensor.Name, description.AsSpan(2));
        int at = 2 + nameLength;
        description[at++] = (byte)tensor.DType;
        description[at++] = (byte)tensor.Shape.Length;
        foreach (int dim in tensor.Shape)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(description.AsSpan(at), (uint)dim);
            at += 4;
        }
        return description;
    }

    /// <summary>kind (u32), payload length (u64), payload = first ++ second, CRC-32C over all of that.</summary>
    private static long WriteSection(Stream stream, SectionKind kind, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        Span<byte> sectionHeader = stackalloc byte[SectionHeaderLength];
        BinaryPrimitives.WriteUInt32LittleEndian(sectionHeader, (uint)kind);
        BinaryPrimitives.WriteUInt64LittleEndian(sectionHeader[4..], (ulong)(first.Length + (long)second.Length));
        uint crc = Crc32C.Append(Crc32C.Seed, sectionHeader);
        crc = Crc32C.Append(crc, first);
        crc = Crc32C.Append(crc, second);
        stream.Write(sectionHeader);
        stream.Write(first);
        stream.Write(second);
        Span<byte> trailer = stackalloc byte[SectionTrailerLength];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, Crc32C.Finish(crc));
        stream.Write(trailer);
        return SectionHeaderLength + first.Length + (long)second.Length + SectionTrailerLength;
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { /* best effort: a stray temp file is ignored by readers */ }
        catch (UnauthorizedAccessException) { }
    }
}
