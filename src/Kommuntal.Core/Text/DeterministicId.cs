using System.Security.Cryptography;

namespace Kommuntal.Core.Text;

/// <summary>Name-based identifiers: the same logical key always gives the same id.</summary>
public static class DeterministicId
{
    /// <summary>A UUID (version 5 layout, SHA-256 based) derived from <paramref name="key"/>.</summary>
    public static Guid For(string key)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes("kommuntal:" + key), hash);
        var bytes = hash[..16].ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50); // version 5
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>Lower-case hex SHA-256 of bytes.</summary>
    public static string Sha256Hex(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
