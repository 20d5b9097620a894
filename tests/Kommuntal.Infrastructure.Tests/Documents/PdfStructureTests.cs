using System.Buffers.Binary;
using System.IO.Compression;
using Kommuntal.Core.Documents;
using Kommuntal.Core.Notifications;
using Kommuntal.Core.Reference;
using Kommuntal.Infrastructure.Pdf;
using PdfSharp.Drawing;
using UglyToad.PdfPig.Tokens;
using static Kommuntal.Infrastructure.Tests.Documents.DocumentFixtures;

namespace Kommuntal.Infrastructure.Tests.Documents;

/// <summary>
/// Every rendered document passes Debian's <c>qpdf --check</c> without a warning (issue 14, item 12):
/// PDFsharp 6.2.4 leaves the Adler-32 checksum off its Flate streams and <see cref="FlateStreamRepair"/>
/// adds it.
/// </summary>
public class PdfStructureTests
{
    private static readonly PdfDocumentRenderer Renderer = new();

    private static byte[] Render(DecisionContent content) => Renderer.RenderPdf(DecisionDocumentBuilder.Build(content));

    /// <summary>Decisions of four counties (2022 länstal, SFS 2021:870), a revision and two proposals.</summary>
    public static TheoryData<string> Documents() => ["decision-01", "decision-14", "decision-18", "decision-25", "revision-18", "proposal-18", "proposal-12"];

    private static DecisionContent Content(string name)
    {
        var lanstal = new Dictionary<string, int> { ["01"] = 1795, ["12"] = 921, ["14"] = 1301, ["18"] = 202, ["25"] = 268 };
        var county = name[^2..];
        var decision = Decision(county, lanstal[county]);
        return name[..^3] switch
        {
            "decision" => decision,
            // Test revision: Örebro län's länstal cut from 202 to 40; both sets of numbers are the engine's.
            "revision" => Decision(ReferenceData.Bundled.County(county), Allocate(ReferenceData.Bundled.County(county), 40)) with
            {
                Version = 2,
                DecisionDate = new DateOnly(2022, 3, 15),
                Diarienummer = "851-2222-2022",
                Replaces = new ReplacedDecision(1, new DateOnly(2021, 11, 8), "851-1234-2021", 202,
                    decision.Allocation.Municipalities.ToDictionary(m => m.Code, m => m.Kommuntal)),
            },
            "proposal" => decision with
            {
                Kind = DocumentKind.Proposal,
                DecisionDate = new DateOnly(2021, 10, 4),
                ConsultationDeadline = new DateOnly(2021, 10, 25),
                DecidedBy = null,
                PresentedBy = null,
                Contact = new BoardContact { Email = "integration@lansstyrelsen.example" },
            },
            _ => throw new ArgumentException(name),
        };
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task The_rendered_document_passes_qpdf_check_without_warnings(string name)
    {
        var pdf = Render(Content(name));
        var check = await Qpdf.CheckAsync(pdf, name);
        Assert.True(check.Clean, check.ToString());
        Assert.Contains("No syntax or stream encoding errors found", check.Output);
        // Every Flate stream (content streams, font programs, ToUnicode maps) is a complete zlib stream.
        Assert.All(FlateStreams(pdf), s => Assert.True(s.Complete, $"object {s.Object}: the zlib stream has no valid Adler-32 trailer"));
    }

    [Fact]
    public async Task PDFsharps_own_output_has_incomplete_flate_streams_and_the_repair_completes_them_without_changing_the_content()
    {
        // The fault as PDFsharp 6.2.4 writes it, without the renderer: one page with text.
        using var document = new PdfSharp.Pdf.PdfDocument();
        var page = document.AddPage();
        using (var g = XGraphics.FromPdfPage(page))
            g.DrawString("Kommuntal 1 301", new PdfFonts().Body, XBrushes.Black, 72, 72);
        using var ms = new MemoryStream();
        document.Save(ms, closeStream: false);
        var raw = ms.ToArray();

        var before = await Qpdf.CheckAsync(raw, "pdfsharp-raw");
        Assert.Contains("input stream is complete but output may still be valid", before.Output);
        Assert.Contains(FlateStreams(raw), s => !s.Complete);

        var repaired = FlateStreamRepair.Complete(raw);
        var after = await Qpdf.CheckAsync(repaired, "pdfsharp-repaired");
        Assert.True(after.Clean, after.ToString());
        Assert.Equal(FlateStreams(raw).Select(s => s.Inflated), FlateStreams(repaired).Select(s => s.Inflated));
        using var read = UglyToad.PdfPig.PdfDocument.Open(repaired);
        Assert.Equal("Kommuntal 1 301", string.Join(" ", read.GetPage(1).GetWords().Select(w => w.Text)));

        // Already complete streams are left as they are.
        Assert.Equal(repaired, FlateStreamRepair.Complete(repaired));
    }

    private sealed record FlateStream(long Object, bool Complete, string Inflated);

    /// <summary>
    /// The FlateDecode streams of a PDF, read through PdfPig's cross-reference table: each one's raw
    /// deflate data inflated, and whether the zlib stream ends with the Adler-32 of that data (RFC 1950).
    /// </summary>
    private static List<FlateStream> FlateStreams(byte[] pdf)
    {
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        var list = new List<FlateStream>();
        foreach (var reference in document.Structure.CrossReferenceTable.ObjectOffsets.Keys.OrderBy(r => r.ObjectNumber))
        {
            if (document.Structure.GetObject(reference).Data is not StreamToken stream
                || !stream.StreamDictionary.TryGet(NameToken.Filter, out var filter) || filter is not NameToken { Data: "FlateDecode" })
                continue;
            var raw = stream.Data.ToArray();
            using var inflated = new MemoryStream();
            using (var deflate = new DeflateStream(new MemoryStream(raw, 2, raw.Length - 2), CompressionMode.Decompress))
                deflate.CopyTo(inflated);
            var data = inflated.ToArray();
            var complete = raw.Length >= 6 && BinaryPrimitives.ReadUInt32BigEndian(raw.AsSpan(raw.Length - 4)) == Adler32(data);
            list.Add(new FlateStream(reference.ObjectNumber, complete, Convert.ToBase64String(data)));
        }
        Assert.NotEmpty(list);
        return list;
    }

    /// <summary>RFC 1950's Adler-32, written out plainly (independent of the one in FlateStreamRepair).</summary>
    private static uint Adler32(byte[] data)
    {
        ulong a = 1, b = 0;
        foreach (var x in data)
        {
            a = (a + x) % 65521;
            b = (b + a) % 65521;
        }
        return (uint)((b << 16) | a);
    }
}
