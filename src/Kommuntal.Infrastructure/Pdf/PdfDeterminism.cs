using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using PdfSharp.Pdf;

namespace Kommuntal.Infrastructure.Pdf;

/// <summary>
/// Makes the same document render to the same bytes. PDFsharp 6.2.4 varies three things per
/// render: the creation date (the machine's clock; also the XMP CreateDate, ModifyDate and
/// MetadataDate), the trailer's document id and the XMP DocumentID and InstanceID (new GUIDs), and
/// the six-letter tag of every embedded font subset (also a new GUID). Here the creation date
/// becomes the document's <see cref="DecisionDocument.CreatedAt"/> (in UTC, so the machine's time
/// zone does not matter), the ids are derived from its <see cref="DecisionDocument.Identity"/> and
/// creation date, and each subset tag from those and the font's name. Everything else PDFsharp
/// writes follows from the content. So a publication interrupted after its upload can compare the
/// stored bytes with a new rendering (docs/storage.md, "Published documents").
/// </summary>
internal static partial class PdfDeterminism
{
    /// <summary>Writes the document with the fixed date and ids (no-op for a preview without <see cref="DecisionDocument.CreatedAt"/>).</summary>
    public static byte[] Save(PdfDocument pdf, DecisionDocument document)
    {
        var seed = document.Identity is not null && document.CreatedAt is { } created
            ? SHA256.HashData(Encoding.UTF8.GetBytes($"{document.Identity}|{created.UtcTicks}"))
            : null;
        if (seed is not null)
        {
            pdf.Info.CreationDate = document.CreatedAt!.Value.UtcDateTime;
            // The trailer takes the id as a "raw" string: one char per byte.
            var id = Encoding.Latin1.GetString(seed, 0, 16);
            pdf.Internals.FirstDocumentID = id;
            pdf.Internals.SecondDocumentID = id;
            RenameSubsets(pdf, seed);
        }
        using var ms = new MemoryStream();
        pdf.Save(ms, closeStream: false);
        var bytes = ms.ToArray();
        if (seed is not null)
        {
            // The XMP packet is made while saving, uncompressed, with two new GUIDs: replaced in place
            // by GUIDs of the same length, so no offset in the file moves.
            ReplaceUuid(bytes, "<xmpMM:DocumentID>uuid:", new Guid(seed.AsSpan(0, 16)));
            ReplaceUuid(bytes, "<xmpMM:InstanceID>uuid:", new Guid(seed.AsSpan(16, 16)));
        }
        return bytes;
    }

    private static void ReplaceUuid(byte[] pdf, string marker, Guid value)
    {
        var at = pdf.AsSpan().IndexOf(Encoding.ASCII.GetBytes(marker));
        if (at < 0) return; // no such entry in this PDFsharp's XMP: nothing random to replace
        var text = Encoding.ASCII.GetBytes(value.ToString("D"));
        text.CopyTo(pdf, at + marker.Length);
    }

    [GeneratedRegex(@"^/([A-Z]{6})\+(.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex SubsetName();

    /// <summary>
    /// Replaces each random subset tag ("/MQDUIU+Liberation#20Sans") by one derived from the seed and
    /// the font's name; the font dictionary, its descendant and its descriptor share a tag, so a tag
    /// maps to one new tag wherever it appears.
    /// </summary>
    private static void RenameSubsets(PdfDocument pdf, byte[] seed)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var dictionary in pdf.Internals.GetAllObjects().OfType<PdfDictionary>())
            foreach (var key in new[] { "/BaseFont", "/FontName" })
            {
                if (dictionary.Elements.GetName(key) is not { Length: > 0 } name || SubsetName().Match(name) is not { Success: true } m) continue;
                var old = m.Groups[1].Value;
                if (!tags.TryGetValue(old, out var tag))
                {
                    tag = Tag(seed, m.Groups[2].Value, tags.Count);
                    tags[old] = tag;
                }
                dictionary.Elements.SetName(key, "/" + tag + "+" + m.Groups[2].Value);
            }
    }

    private static string Tag(byte[] seed, string fontName, int ordinal)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{Convert.ToHexString(seed)}|{ordinal}|{fontName}"));
        var sb = new StringBuilder(6);
        for (var i = 0; i < 6; i++) sb.Append((char)('A' + hash[i] % 26));
        return sb.ToString();
    }
}
