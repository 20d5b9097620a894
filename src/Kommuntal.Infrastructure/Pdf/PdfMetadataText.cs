namespace Kommuntal.Infrastructure.Pdf;

/// <summary>
/// Guards the document information (title, author, subject, keywords): PDFsharp 6.2.4 copies them
/// unescaped into the XMP metadata, so an "&amp;" or "&lt;" would make that XML invalid. Those two
/// characters are replaced by readable equivalents; the document body is not affected.
/// </summary>
internal static class PdfMetadataText
{
    public static string Safe(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        var s = value.Replace("&", " och ", StringComparison.Ordinal).Replace("<", "‹", StringComparison.Ordinal).Replace(">", "›", StringComparison.Ordinal);
        // Control characters are not allowed in XML 1.0 either.
        s = new string(s.Select(ch => char.IsControl(ch) ? ' ' : ch).ToArray());
        while (s.Contains("  ", StringComparison.Ordinal)) s = s.Replace("  ", " ", StringComparison.Ordinal);
        return s.Trim();
    }
}
