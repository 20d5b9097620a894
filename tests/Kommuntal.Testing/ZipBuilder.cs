using System.IO.Compression;
using System.Text;

namespace Kommuntal.Testing;

/// <summary>
/// Writes zip files byte by byte, so a test can make what ZipArchive never would: headers that
/// lie about sizes, entries that share their compressed data (overlapping), many entries. Every
/// entry is deflated (or stored) for real and carries its real CRC-32; only what a test overrides is
/// false. Timestamps are fixed, so the same entries give the same bytes on one runtime.
/// </summary>
public sealed class ZipBuilder
{
    private sealed record Entry(string Name, byte[] Data, byte[] Stored, ushort Method, uint Crc, long DeclaredSize, string? SameDataAs);

    private readonly List<Entry> _entries = [];

    /// <summary>Adds an entry; <paramref name="declaredSize"/> overrides the uncompressed size written in both headers.</summary>
    public ZipBuilder Add(string name, byte[] data, bool deflate = true, long? declaredSize = null)
    {
        var stored = deflate ? Deflate(data) : data;
        _entries.Add(new Entry(name, data, stored, (ushort)(deflate ? 8 : 0), Crc32(data), declaredSize ?? data.LongLength, null));
        return this;
    }

    public ZipBuilder Add(string name, string text, bool deflate = true, long? declaredSize = null) =>
        Add(name, new UTF8Encoding(false).GetBytes(text), deflate, declaredSize);

    /// <summary>An entry whose central-directory record points at <paramref name="target"/>'s local header and data (an overlapping entry).</summary>
    public ZipBuilder AddAlias(string name, string target)
    {
        var t = _entries.First(e => e.Name == target);
        _entries.Add(t with { Name = name, SameDataAs = target });
        return this;
    }

    public byte[] Build()
    {
        using var ms = new MemoryStream();
        using var w = new BinaryWriter(ms);
        var offsets = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var e in _entries.Where(e => e.SameDataAs is null))
        {
            offsets[e.Name] = ms.Position;
            var name = Encoding.UTF8.GetBytes(e.Name);
            w.Write(0x04034b50u);
            w.Write((ushort)20); w.Write((ushort)0x0800); w.Write(e.Method);
            w.Write((ushort)0); w.Write((ushort)0x5A21); // 2025-01-01 00:00
            w.Write(e.Crc); w.Write((uint)e.Stored.Length); w.Write(Size32(e.DeclaredSize));
            w.Write((ushort)name.Length); w.Write((ushort)0);
            w.Write(name);
            w.Write(e.Stored);
        }
        var cdStart = ms.Position;
        foreach (var e in _entries)
        {
            var name = Encoding.UTF8.GetBytes(e.Name);
            w.Write(0x02014b50u);
            w.Write((ushort)20); w.Write((ushort)20); w.Write((ushort)0x0800); w.Write(e.Method);
            w.Write((ushort)0); w.Write((ushort)0x5A21);
            w.Write(e.Crc); w.Write((uint)e.Stored.Length); w.Write(Size32(e.DeclaredSize));
            w.Write((ushort)name.Length); w.Write((ushort)0); w.Write((ushort)0);
            w.Write((ushort)0); w.Write((ushort)0); w.Write(0u);
            w.Write((uint)offsets[e.SameDataAs ?? e.Name]);
            w.Write(name);
        }
        var cdSize = ms.Position - cdStart;
        w.Write(0x06054b50u);
        w.Write((ushort)0); w.Write((ushort)0);
        w.Write((ushort)Math.Min(_entries.Count, 0xFFFF)); w.Write((ushort)Math.Min(_entries.Count, 0xFFFF));
        w.Write((uint)cdSize); w.Write((uint)cdStart);
        w.Write((ushort)0);
        w.Flush();
        return ms.ToArray();
    }

    private static uint Size32(long size) => size >= 0xFFFFFFFFL ? 0xFFFFFFFEu : (uint)size;

    public static byte[] Deflate(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var d = new DeflateStream(ms, CompressionLevel.SmallestSize, leaveOpen: true)) d.Write(data);
        return ms.ToArray();
    }

    private static readonly uint[] CrcTable = Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        return c;
    }).ToArray();

    public static uint Crc32(byte[] data)
    {
        var c = 0xFFFFFFFFu;
        foreach (var b in data) c = CrcTable[(c ^ b) & 0xFF] ^ (c >> 8);
        return c ^ 0xFFFFFFFFu;
    }
}
