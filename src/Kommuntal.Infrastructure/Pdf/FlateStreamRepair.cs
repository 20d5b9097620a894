using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace Kommuntal.Infrastructure.Pdf;

/// <summary>
/// Completes the Flate streams PDFsharp 6.2.4 writes. Its <c>FlateDecode.Encode</c> writes a zlib
/// header (<c>78 DA</c>) and then the raw deflate data of <see cref="DeflateStream"/>, but not the
/// Adler-32 checksum RFC 1950 puts after the data. A strict reader finds the deflate data complete
/// and then misses four bytes: <c>qpdf --check</c> warns "input stream is complete but output may
/// still be valid" once per content stream (font programs and ToUnicode maps have the same fault but
/// are not decoded by the check). Every stream is compressed inside <c>PdfDocument.Save</c> (fonts
/// are subset there), so there is no point before saving where all of them could be replaced.
/// <para>
/// This pass reads the saved file through its cross-reference table, appends the checksum to each
/// incomplete FlateDecode stream (computed from the inflated data), raises its <c>/Length</c> by 4
/// and writes a new cross-reference table. Nothing else changes. It accepts only what PDFsharp
/// writes (one classic xref table, direct <c>/Length</c>, a single filter) and throws on anything
/// else, so a change in PDFsharp fails the tests rather than yielding a damaged file.
/// </para>
/// </summary>
internal static partial class FlateStreamRepair
{
    private static readonly Encoding Latin1 = Encoding.Latin1;

    public static byte[] Complete(ReadOnlySpan<byte> pdf)
    {
        var xrefAt = StartXref(pdf);
        var (sections, trailerAt) = ReadXref(pdf, xrefAt);
        var inUse = sections.SelectMany(s => s.Entries).Where(e => e.InUse).OrderBy(e => e.Offset).ToList();
        if (inUse.Count == 0) throw Unsupported("no objects in the cross-reference table");
        var trailerEnd = pdf.LastIndexOf("startxref"u8);
        var trailer = pdf[trailerAt..trailerEnd];
        if (trailer.IndexOf("/Prev"u8) >= 0 || trailer.IndexOf("/XRefStm"u8) >= 0) throw Unsupported("an incremental update");

        using var output = new MemoryStream(pdf.Length + 4 * 16 + 64);
        output.Write(pdf[..(int)inUse[0].Offset]);
        var moved = new Dictionary<int, long>(inUse.Count);
        for (var i = 0; i < inUse.Count; i++)
        {
            var start = (int)inUse[i].Offset;
            var end = i + 1 < inUse.Count ? (int)inUse[i + 1].Offset : xrefAt;
            moved[inUse[i].Number] = output.Position;
            WriteObject(output, pdf[start..end], inUse[i].Number);
        }

        var newXref = output.Position;
        var xref = new StringBuilder("xref\n");
        foreach (var section in sections)
        {
            xref.Append(CultureInfo.InvariantCulture, $"{section.First} {section.Entries.Count}\n");
            foreach (var e in section.Entries)
                xref.Append(CultureInfo.InvariantCulture, $"{(e.InUse ? moved[e.Number] : e.Offset):D10} {e.Generation:D5} {(e.InUse ? 'n' : 'f')} \n");
        }
        output.Write(Latin1.GetBytes(xref.ToString()));
        output.Write(trailer);
        output.Write(Latin1.GetBytes(string.Create(CultureInfo.InvariantCulture, $"startxref\n{newXref}\n%%EOF\n")));
        return output.ToArray();
    }

    /// <summary>Copies one indirect object, completing its stream when it is an incomplete FlateDecode stream.</summary>
    private static void WriteObject(MemoryStream output, ReadOnlySpan<byte> obj, int number)
    {
        var endstream = obj.LastIndexOf("endstream"u8);
        if (endstream < 0)
        {
            output.Write(obj);
            return;
        }
        // The EOL before "endstream" is not part of the data, and the data may itself end in CR or LF:
        // the dictionary's /Length must lead exactly from "stream" + EOL to one of the possible ends.
        var head = Latin1.GetString(obj[..endstream]);
        Match? length = null;
        int dataStart = -1, dataEnd = -1;
        foreach (var eol in (ReadOnlySpan<string>)["\n", "\r\n", ""])
        {
            if (!head.EndsWith(eol, StringComparison.Ordinal)) continue;
            var end = endstream - eol.Length;
            foreach (Match m in DirectLength().Matches(head))
            {
                var start = end - int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
                if (start <= m.Index) continue;
                var before = head.AsSpan(0, start);
                if (before.EndsWith("stream\n", StringComparison.Ordinal) || before.EndsWith("stream\r\n", StringComparison.Ordinal))
                {
                    (length, dataStart, dataEnd) = (m, start, end);
                    break;
                }
            }
            if (length is not null) break;
        }
        if (length is null) throw Unsupported($"object {number}: its /Length does not match its stream");
        var dictionary = head.AsSpan(0, dataStart);
        if (!FlateFilter().IsMatch(dictionary))
        {
            if (dictionary.Contains("/FlateDecode", StringComparison.Ordinal)) throw Unsupported($"object {number}: FlateDecode combined with other filters");
            output.Write(obj);
            return;
        }

        var data = obj[dataStart..dataEnd];
        var checksum = Adler32OfInflated(data, number);
        if (data.Length >= 6 && BinaryPrimitives.ReadUInt32BigEndian(data[^4..]) == checksum)
        {
            output.Write(obj);
            return;
        }
        var newLength = data.Length + 4;
        output.Write(Latin1.GetBytes(head[..length.Groups["n"].Index]));
        output.Write(Latin1.GetBytes(newLength.ToString(CultureInfo.InvariantCulture)));
        output.Write(Latin1.GetBytes(head[(length.Groups["n"].Index + length.Groups["n"].Length)..dataStart]));
        output.Write(data);
        Span<byte> trailer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(trailer, checksum);
        output.Write(trailer);
        output.Write(obj[dataEnd..]);
    }

    /// <summary>Checks the zlib header and returns the Adler-32 of the data the deflate stream after it inflates to.</summary>
    private static uint Adler32OfInflated(ReadOnlySpan<byte> data, int number)
    {
        if (data.Length < 2 || (data[0] & 0x0F) != 8 || (data[0] >> 4) > 7 || (data[1] & 0x20) != 0 || ((data[0] << 8) | data[1]) % 31 != 0)
            throw Unsupported($"object {number}: the FlateDecode stream does not start with a zlib header");
        using var input = new MemoryStream(data[2..].ToArray(), writable: false);
        using var inflate = new DeflateStream(input, CompressionMode.Decompress);
        var buffer = new byte[16 * 1024];
        uint a = 1, b = 0;
        int read;
        while ((read = inflate.Read(buffer, 0, buffer.Length)) > 0)
        {
            // 5552 is the largest n with 255·n·(n+1)/2 + (n+1)·(65 520) < 2^32 (RFC 1950's NMAX).
            for (var offset = 0; offset < read; offset += 5552)
            {
                var n = Math.Min(5552, read - offset);
                for (var i = 0; i < n; i++)
                {
                    a += buffer[offset + i];
                    b += a;
                }
                a %= 65521;
                b %= 65521;
            }
        }
        return (b << 16) | a;
    }

    private static int StartXref(ReadOnlySpan<byte> pdf)
    {
        var at = pdf.LastIndexOf("startxref"u8);
        if (at < 0) throw Unsupported("no startxref");
        var rest = Latin1.GetString(pdf[(at + "startxref".Length)..]).AsSpan().TrimStart();
        var digits = rest.IndexOfAnyExceptInRange('0', '9');
        if (digits <= 0 || !int.TryParse(rest[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out var offset) || offset >= pdf.Length)
            throw Unsupported("an unreadable startxref");
        return offset;
    }

    private sealed record XrefEntry(int Number, long Offset, int Generation, bool InUse);

    private sealed record XrefSection(int First, List<XrefEntry> Entries);

    /// <summary>A classic cross-reference table: "xref", subsections of 20-byte entries, then "trailer".</summary>
    private static (List<XrefSection> Sections, int TrailerAt) ReadXref(ReadOnlySpan<byte> pdf, int at)
    {
        if (!pdf[at..].StartsWith("xref"u8)) throw Unsupported("no classic cross-reference table at startxref (an xref stream?)");
        var pos = SkipLine(pdf, at);
        var sections = new List<XrefSection>();
        while (!pdf[pos..].StartsWith("trailer"u8))
        {
            var lineEnd = SkipLine(pdf, pos);
            var header = Latin1.GetString(pdf[pos..lineEnd]).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (header.Length != 2 || !int.TryParse(header[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
                || !int.TryParse(header[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
                throw Unsupported("an unreadable cross-reference subsection");
            pos = lineEnd;
            var entries = new List<XrefEntry>(count);
            for (var i = 0; i < count; i++, pos += 20)
            {
                var entry = Latin1.GetString(pdf.Slice(pos, 20));
                if (entry[10] != ' ' || entry[16] != ' ' || entry[17] is not ('n' or 'f'))
                    throw Unsupported("an unreadable cross-reference entry");
                entries.Add(new XrefEntry(first + i, long.Parse(entry[..10], CultureInfo.InvariantCulture),
                    int.Parse(entry[11..16], CultureInfo.InvariantCulture), entry[17] == 'n'));
            }
            sections.Add(new XrefSection(first, entries));
        }
        return (sections, pos);
    }

    private static int SkipLine(ReadOnlySpan<byte> pdf, int pos)
    {
        var nl = pdf[pos..].IndexOfAny((byte)'\n', (byte)'\r');
        if (nl < 0) throw Unsupported("a truncated file");
        pos += nl;
        while (pos < pdf.Length && pdf[pos] is (byte)'\n' or (byte)'\r') pos++;
        return pos;
    }

    private static NotSupportedException Unsupported(string what) =>
        new($"The PDF written by PDFsharp has {what}; FlateStreamRepair reads only PDFsharp 6.2.4's own output.");

    /// <summary>"/Length 123" (a direct integer; not /Length1, not "12 0 R").</summary>
    [GeneratedRegex(@"/Length\s+(?<n>\d+)(?!\d|\s+\d+\s+R)")]
    private static partial Regex DirectLength();

    /// <summary>The only filter is FlateDecode (a name or a one-element array).</summary>
    [GeneratedRegex(@"/Filter\s*(/FlateDecode|\[\s*/FlateDecode\s*\])(?![A-Za-z0-9])")]
    private static partial Regex FlateFilter();
}
