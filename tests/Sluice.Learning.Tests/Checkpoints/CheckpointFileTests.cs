using Sluice.Kernels.Checksums;
using Sluice.Learning.Checkpoints;
using Sluice.TestKit;

namespace Sluice.Learning.Tests.Checkpoints;

public sealed class CheckpointFileTests
{
    internal static Checkpoint Sample(long step = 1234)
    {
        var checkpoint = new Checkpoint(step, [1, 2, 3, 4, 5, 6, 7, 8, 0xFF]);
        float[] kernel = new float[5 * 3];
        for (int i = 0; i < kernel.Length; i++) kernel[i] = MathF.Sin(i) * 0.25f - i;
        checkpoint.Add("dnn/hiddenlayer_0/kernel", [5, 3], kernel);
        checkpoint.Add("dnn/hiddenlayer_0/kernel/Adagrad/accumulator", [5, 3], Enumerable.Repeat(0.1f, 15).ToArray());
        checkpoint.Add("dnn/logits/bias", [1], [float.Epsilon]);
        checkpoint.Add("linear/Ftrl/iterations", [], [step]);
        checkpoint.Add("embedding/empty", [0, 8], Array.Empty<float>());
        checkpoint.Add("ünïcode/名前", [2], [float.NaN, float.NegativeInfinity]);
        return checkpoint;
    }

    [Fact]
    public void Round_trip_preserves_every_tensor_bit_for_bit()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("model.ckpt-1234");
        Checkpoint original = Sample();
        CheckpointWriter.Write(path, original);

        Checkpoint read = CheckpointReader.Read(path);
        Assert.Equal(1234, read.GlobalStep);
        Assert.Equal(original.RngState, read.RngState);
        Assert.Equal(path, read.SourcePath);
        Assert.Equal(original.Tensors.Select(t => t.Name), read.Tensors.Select(t => t.Name));
        foreach (CheckpointTensor expected in original.Tensors)
        {
            CheckpointTensor actual = read.Get(expected.Name);
            Assert.Equal(expected.DType, actual.DType);
            Assert.Equal(expected.Shape, actual.Shape);
            if (expected.Floats is not null)
                Assert.Equal(expected.Floats.Select(BitConverter.SingleToInt32Bits), actual.Floats!.Select(BitConverter.SingleToInt32Bits));
            else
                Assert.Equal(expected.Int64s, actual.Int64s);
        }
        Assert.Empty(Directory.GetFiles(dir.Path, ".*tmp*"));
    }

    [Fact]
    public void Truncation_at_any_of_several_offsets_is_rejected_naming_the_file()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("model.ckpt-1");
        CheckpointWriter.Write(path, Sample());
        byte[] bytes = File.ReadAllBytes(path);

        int[] cuts = [0, 5, 23, 24, 30, 40, 100, bytes.Length / 2, bytes.Length - 17, bytes.Length - 16, bytes.Length - 1];
        foreach (int cut in cuts)
        {
            string truncated = dir.Combine($"cut-{cut}");
            File.WriteAllBytes(truncated, bytes[..cut]);
            var error = Assert.Throws<CheckpointCorruptException>(() => CheckpointReader.Read(truncated));
            Assert.Equal(truncated, error.FilePath);
            Assert.Contains(truncated, error.Message);
            Assert.True(error.Message.Contains("truncated") || error.Message.Contains("shorter") || error.Message.Contains("cut off") || error.Message.Contains("footer"),
                $"cut at {cut}: {error.Message}");
        }
    }

    [Fact]
    public void A_flipped_bit_anywhere_is_rejected()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("model.ckpt-1");
        CheckpointWriter.Write(path, Sample());
        byte[] bytes = File.ReadAllBytes(path);

        var random = new Random(17);
        var offsets = new List<int> { 0, 9, 13, 20, 30, 60, bytes.Length - 20, bytes.Length - 10, bytes.Length - 1 };
        for (int i = 0; i < 40; i++) offsets.Add(random.Next(bytes.Length));
        foreach (int offset in offsets)
        {
            byte[] corrupted = (byte[])bytes.Clone();
            corrupted[offset] ^= (byte)(1 << random.Next(8));
            string corruptPath = dir.Combine($"flip-{offset}");
            File.WriteAllBytes(corruptPath, corrupted);
            var error = Assert.Throws<CheckpointCorruptException>(() => CheckpointReader.Read(corruptPath));
            Assert.Contains(corruptPath, error.Message);
        }
    }

    [Fact]
    public void Tensor_data_corruption_names_the_failing_check()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("model.ckpt-1");
        CheckpointWriter.Write(path, Sample());
        byte[] bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<CheckpointCorruptException>(() => CheckpointReader.Read(path));
        Assert.Contains("CRC-32C", error.Message);
        Assert.InRange(error.Offset, 24, bytes.Length);
    }

    [Fact]
    public void Missing_file_and_foreign_file_are_rejected_clearly()
    {
        using var dir = new TempDirectory();
        var missing = Assert.Throws<CheckpointCorruptException>(() => CheckpointReader.Read(dir.Combine("model.ckpt-9")));
        Assert.Contains("does not exist", missing.Message);

        string foreign = dir.Combine("foreign");
        File.WriteAllText(foreign, "this is a text file, not a checkpoint at all");
        var error = Assert.Throws<CheckpointCorruptException>(() => CheckpointReader.Read(foreign));
        Assert.Contains("magic", error.Message);
    }

    [Fact]
    public void Unknown_format_version_is_rejected_with_the_version_number()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("model.ckpt-1");
        CheckpointWriter.Write(path, Sample());
        byte[] bytes = File.ReadAllBytes(path);
        bytes[8] = 7;
        // Re-seal the header checksum so that only the version is wrong.
        BitConverter.GetBytes(Crc32C.Compute(bytes.AsSpan(0, 20))).CopyTo(bytes, 20);
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<CheckpointCorruptException>(() => CheckpointReader.Read(path));
        Assert.Contains("version 7", error.Message);
    }

    [Fact]
    public void Crc32C_matches_the_standard_check_value()
    {
        // The CRC-32C check value of "123456789" (RFC 3720 / iSCSI).
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
        Assert.Equal(0u, Crc32C.Compute(ReadOnlySpan<byte>.Empty));
        // 32 bytes of zeros, RFC 3720 B.4.
        Assert.Equal(0x8A9136AAu, Crc32C.Compute(new byte[32]));
    }

    [Fact]
    public void Copy_checks_size_and_type_and_names_the_tensor()
    {
        Checkpoint checkpoint = Sample();
        float[] bias = new float[1];
        checkpoint.CopyTo("dnn/logits/bias", bias);
        Assert.Equal(float.Epsilon, bias[0]);
        var wrongSize = Assert.Throws<InvalidDataException>(() => checkpoint.CopyTo("dnn/logits/bias", new float[2]));
        Assert.Contains("dnn/logits/bias", wrongSize.Message);
        Assert.Throws<InvalidDataException>(() => checkpoint.CopyTo("linear/Ftrl/iterations", new float[1]));
        var missing = Assert.Throws<KeyNotFoundException>(() => checkpoint.Get("nope"));
        Assert.Contains("nope", missing.Message);
    }
}
