namespace Kommuntal.Core.Ingestion;

/// <summary>Decoded text of an input file and the encoding it was read with.</summary>
public sealed record DecodedText(string Text, string Encoding);

/// <summary>
/// Turns the bytes of a text file (CSV, the statute's annex, JSON) into text. Accepted: UTF-8 with
/// or without BOM, UTF-16 with BOM (Excel's "Unicode text"), and Windows-1252 (what Excel on a
/// Swedish Windows writes for "CSV (semikolonavgränsad)"), detected when the bytes are not valid
/// UTF-8 but every non-ASCII byte reads as a letter or ordinary punctuation in Windows-1252.
/// Anything else is reported: binary content (NUL or control bytes, e.g. a compressed file or
/// UTF-16 without BOM) or an encoding that is neither (e.g. DOS code page 850).
/// </summary>
public static class TextDecoder
{
    public const string Utf8 = "utf-8", Utf8Bom = "utf-8-bom", Utf16 = "utf-16", Windows1252 = "windows-1252";

    static TextDecoder() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Non-letters that a Windows-1252 text file may contain above ASCII.</summary>
    private const string PlausiblePunctuation = "\u00A0§°–—‘’“”€«»½´×•…";

    /// <summary>Decodes the file, or reports why it cannot be read as text (and returns null).</summary>
    public static DecodedText? Decode(InputFile file, ProblemList problems)
    {
        var b = file.Content;
        if (b.Length == 0)
        {
            problems.Add(null, null, "empty-file", "Filen är tom.", "The file is empty.");
            return null;
        }
        if (b.Length >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF)
            return DecodeUtf8(b, 3, Utf8Bom, problems);
        if (b.Length >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF)))
        {
            try
            {
                var enc = b[0] == 0xFF ? new UnicodeEncoding(false, false, true) : new UnicodeEncoding(true, false, true);
                return new DecodedText(enc.GetString(b, 2, b.Length - 2), Utf16);
            }
            catch (DecoderFallbackException)
            {
                var line = FirstInvalidUtf16Line(b, bigEndian: b[0] == 0xFE);
                problems.Add(line, null, "wrong-encoding", $"Filen har en UTF-16-markering men innehåller ogiltiga tecken (rad {line}).",
                    $"The file has a UTF-16 byte order mark but contains invalid characters (line {line}).");
                return null;
            }
        }
        var control = FirstControlByte(b);
        if (control >= 0)
        {
            problems.Add(LineAt(b, control), null, "binary-content",
                $"Filen innehåller binära data (byte 0x{b[control]:X2} vid position {control}) och är ingen textfil. Spara den som CSV (UTF-8), .xlsx eller JSON.",
                $"The file contains binary data (byte 0x{b[control]:X2} at offset {control}) and is not a text file. Save it as CSV (UTF-8), .xlsx or JSON.");
            return null;
        }
        var invalid = FirstInvalidUtf8(b, 0);
        if (invalid < 0) return DecodeUtf8(b, 0, Utf8, problems);

        var implausible = FirstImplausibleWindows1252(b);
        if (implausible < 0) return new DecodedText(Encoding.GetEncoding(1252).GetString(b), Windows1252);
        problems.Add(LineAt(b, implausible), null, "wrong-encoding",
            $"Filen är varken giltig UTF-8 eller Windows-1252 (byte 0x{b[implausible]:X2} på rad {LineAt(b, implausible)}). Spara den som CSV UTF-8.",
            $"The file is neither valid UTF-8 nor Windows-1252 (byte 0x{b[implausible]:X2} on line {LineAt(b, implausible)}). Save it as CSV UTF-8.");
        return null;
    }

    private static DecodedText? DecodeUtf8(byte[] b, int start, string name, ProblemList problems)
    {
        try
        {
            return new DecodedText(StrictUtf8.GetString(b, start, b.Length - start), name);
        }
        catch (DecoderFallbackException)
        {
            var at = FirstInvalidUtf8(b, start);
            problems.Add(LineAt(b, Math.Max(at, 0)), null, "wrong-encoding",
                $"Filen är märkt som UTF-8 men byte 0x{b[Math.Max(at, 0)]:X2} är ogiltig UTF-8.",
                $"The file is marked as UTF-8 but byte 0x{b[Math.Max(at, 0)]:X2} is not valid UTF-8.");
            return null;
        }
    }

    /// <summary>1-based line of the first invalid code unit (lone surrogate, odd last byte) of UTF-16 after its BOM.</summary>
    private static int FirstInvalidUtf16Line(byte[] b, bool bigEndian)
    {
        int Unit(int i) => bigEndian ? (b[i] << 8) | b[i + 1] : (b[i + 1] << 8) | b[i];
        var line = 1;
        for (var i = 2; i < b.Length; i += 2)
        {
            if (i + 1 >= b.Length) return line;
            var u = Unit(i);
            if (u == '\n') line++;
            else if (u is >= 0xDC00 and <= 0xDFFF) return line;
            else if (u is >= 0xD800 and <= 0xDBFF)
            {
                if (i + 3 >= b.Length || Unit(i + 2) is < 0xDC00 or > 0xDFFF) return line;
                i += 2;
            }
        }
        return line;
    }

    /// <summary>1-based line of a byte offset.</summary>
    public static int LineAt(byte[] b, int offset)
    {
        var line = 1;
        for (var i = 0; i < offset && i < b.Length; i++) if (b[i] == (byte)'\n') line++;
        return line;
    }

    /// <summary>Offset of the first C0 control byte other than tab, LF, CR, form feed and a trailing Ctrl-Z; -1 if none.</summary>
    private static int FirstControlByte(byte[] b)
    {
        for (var i = 0; i < b.Length; i++)
        {
            var x = b[i];
            if (x >= 0x20 || x is 0x09 or 0x0A or 0x0D or 0x0C) continue;
            if (x == 0x1A && i == b.Length - 1) continue; // DOS end-of-file marker
            return i;
        }
        return -1;
    }

    /// <summary>Offset of the first byte that does not belong to a valid UTF-8 sequence; -1 if the bytes are valid UTF-8.</summary>
    public static int FirstInvalidUtf8(byte[] b, int start)
    {
        var i = start;
        while (i < b.Length)
        {
            var x = b[i];
            if (x < 0x80) { i++; continue; }
            int n; int min;
            if (x is >= 0xC2 and <= 0xDF) { n = 1; min = 0x80; }
            else if (x is >= 0xE0 and <= 0xEF) { n = 2; min = 0x800; }
            else if (x is >= 0xF0 and <= 0xF4) { n = 3; min = 0x10000; }
            else return i;
            var cp = x & (0x3F >> n);
            for (var k = 1; k <= n; k++)
            {
                if (i + k >= b.Length || (b[i + k] & 0xC0) != 0x80) return i;
                cp = (cp << 6) | (b[i + k] & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || cp is >= 0xD800 and <= 0xDFFF) return i;
            i += n + 1;
        }
        return -1;
    }

    /// <summary>
    /// Offset of the first byte that makes Windows-1252 implausible: one of the five bytes the code
    /// page leaves undefined, or a non-ASCII byte that reads as neither a letter nor ordinary
    /// punctuation (what text in another code page, such as DOS 850, looks like), or UTF-8 sequences
    /// among Windows-1252 bytes (a file with both). -1 if plausible.
    /// </summary>
    private static int FirstImplausibleWindows1252(byte[] b)
    {
        var enc = Encoding.GetEncoding(1252);
        Span<char> c = stackalloc char[1];
        for (var i = 0; i < b.Length; i++)
        {
            var x = b[i];
            if (x < 0x80) continue;
            if (x is 0x81 or 0x8D or 0x8F or 0x90 or 0x9D) return i;
            // 'Ã' or 'Â' followed by 0x80-0xBF is UTF-8 ("Ã¤" = ä) among Windows-1252 bytes: a mixed file.
            if (x is 0xC2 or 0xC3 && i + 1 < b.Length && b[i + 1] is >= 0x80 and <= 0xBF) return i;
            enc.GetChars(b.AsSpan(i, 1), c);
            if (!char.IsLetter(c[0]) && !PlausiblePunctuation.Contains(c[0])) return i;
        }
        return -1;
    }
}
