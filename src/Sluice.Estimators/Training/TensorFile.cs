using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Sluice.Estimators.Model;

namespace Sluice.Estimators.Training;

/// <summary>
/// The binary file behind checkpoints and exported variables, little-endian:
/// "SLUICETF" · version u32 (1) · global step i64 · count u32 · per tensor { name length u32 · UTF-8 name · rows u32 ·
/// cols u32 · rows×cols f32 } · SHA-256 of everything before it. Written to a temp file, flushed, then renamed, so a
/// reader sees a whole file or none; a truncated or altered file fails with a message naming it.
/// </summary>
internal static class TensorFile
{
    private static readonly byte[] Magic = "SLUICETF"u8.ToArray();
    private const uint Version = 1;

    public static void Write(string path, long globalStep, IEnumerable<Variable> tensors)
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(Version);
            w.Write(globalStep);
            var list = tensors.ToList();
            w.Write((uint)list.Count);
            foreach (var t in list)
            {
                byte[] name = Encoding.UTF8.GetBytes(t.Name);
                w.Write((uint)name.Length);
                w.Write(name);
                w.Write((uint)t.Rows);
                w.Write((uint)t.Cols);
                if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Tensor files are little-endian.");
                w.Write(MemoryMarshal.AsBytes(t.Values.AsSpan()));
            }
        }
        byte[] hash = SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        buffer.Write(hash);
        AtomicWrite(path, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    public static (long GlobalStep, Dictionary<string, Variable> Tensors) Read(string path)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (IOException e) { throw new InvalidDataException($"Cannot read tensor file '{path}': {e.Message}", e); }
        if (bytes.Length < Magic.Length + 4 + 8 + 4 + 32 || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new InvalidDataException($"'{path}' is not a Sluice tensor file (bad header or truncated).");
        var body = bytes.AsSpan(0, bytes.Length - 32);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - 32)))
            throw new InvalidDataException($"'{path}' is corrupt or truncated: its SHA-256 trailer does not match the contents.");
        int at = Magic.Length;
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(body[at..]); at += 4;
        if (version != Version) throw new InvalidDataException($"'{path}' has tensor file version {version}; this build reads version {Version}.");
        long step = BinaryPrimitives.ReadInt64LittleEndian(body[at..]); at += 8;
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(body[at..]); at += 4;
        var tensors = new Dictionary<string, Variable>(StringComparer.Ordinal);
        for (uint i = 0; i < count; i++)
        {
            int nameLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(body[at..]); at += 4;
            string name = Encoding.UTF8.GetString(body.Slice(at, nameLength)); at += nameLength;
            int rows = (int)BinaryPrimitives.ReadUInt32LittleEndian(body[at..]); at += 4;
            int cols = (int)BinaryPrimitives.ReadUInt32LittleEndian(body[at..]); at += 4;
            var v = new Variable(name, rows, cols);
            MemoryMarshal.Cast<byte, float>(body.Slice(at, rows * cols * 4)).CopyTo(v.Values);
            at += rows * cols * 4;
            tensors[name] = v;
        }
        if (at != body.Length) throw new InvalidDataException($"'{path}' has {body.Length - at} unexpected trailing bytes.");
        return (step, tensors);
    }

    /// <summary>Writes <paramref name="bytes"/> to a temp file beside <paramref name="path"/>, flushes to disk and renames it over.</summary>
    public static void AtomicWrite(string path, ReadOnlySpan<byte> bytes)
    {
        string temp = path + $".tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Copies the values of every named tensor into <paramref name="targets"/>; shapes must match.</summary>
    public static void Restore(Dictionary<string, Variable> saved, IEnumerable<Variable> targets, string source, bool requireAll = true)
    {
        foreach (var target in targets)
        {
            if (!saved.TryGetValue(target.Name, out var value))
            {
                if (requireAll) throw new InvalidDataException($"'{source}' has no tensor '{target.Name}'.");
                continue;
            }
            if (value.Rows != target.Rows || value.Cols != target.Cols)
                throw new InvalidDataException($"'{source}': tensor '{target.Name}' is [{value.Rows}, {value.Cols}] but the model expects [{target.Rows}, {target.Cols}].");
            value.Values.CopyTo(target.Values, 0);
        }
    }
}
