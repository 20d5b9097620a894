using System.Xml.Linq;
using Kommuntal.Core.Allocation;
using Kommuntal.Core.Documents;
using Kommuntal.Core.Notifications;
using Kommuntal.Core.Reference;
using Kommuntal.Core.Text;
using Kommuntal.Infrastructure.Pdf;
using UglyToad.PdfPig.Tokens;
using static Kommuntal.Infrastructure.Tests.Documents.DocumentFixtures;

namespace Kommuntal.Infrastructure.Tests.Documents;

/// <summary>The rendered decision PDFs, read back with PdfPig.</summary>
public class DecisionPdfTests
{
    private static readonly PdfDocumentRenderer Renderer = new();

    private static (byte[] Pdf, DecisionDocument Document) Render(DecisionContent content)
    {
        var document = DecisionDocumentBuilder.Build(content);
        return (Renderer.RenderPdf(document), document);
    }

    /// <summary>Asserts that the parts appear in <paramref name="text"/> in this order.</summary>
    private static void AssertInOrder(string text, IEnumerable<string> parts)
    {
        var at = 0;
        foreach (var part in parts)
        {
            var expected = PdfInspection.CollapseSpaces(part);
            var i = text.IndexOf(expected, at, StringComparison.Ordinal);
            Assert.True(i >= 0, $"'{expected}' not found after position {at} (it {(text.Contains(expected, StringComparison.Ordinal) ? "occurs only earlier" : "is missing")}).");
            at = i + expected.Length;
        }
    }

    /// <summary>The XMP packet as XML: UTF-8, as the XMP specification requires of PDF (PdfPig's own GetXDocument reads it as Latin-1).</summary>
    private static XDocument Xmp(UglyToad.PdfPig.Content.XmpMetadata xmp) => XDocument.Parse(System.Text.Encoding.UTF8.GetString(xmp.GetXmlBytes()));

    [Fact]
    public void The_Orebro_decision_reads_back_with_every_part_in_order()
    {
        var content = Decision("18", 202);
        var (pdf, document) = Render(content);
        using var read = new PdfInspection(pdf);
        var rows = content.Allocation.Municipalities.OrderBy(m => m.Name, StringComparer.Create(SwedishFormat.Culture, false)).ToList();

        AssertInOrder(read.ContentText(),
        [
            "Länsstyrelsen i Örebro län", "BESLUT", "Datum 8 november 2021", "Diarienummer 851-1234-2021",
            "Mottagare", "Kommunerna i Örebro län (se sändlista)", "Migrationsverket",
            "Beslut om fördelning av anvisningar år 2022 till kommuner i Örebro län",
            "Beslut", "Länsstyrelsen beslutar med stöd av 7 § lagen (2016:38) om mottagande av vissa nyanlända invandrare för bosättning att de 202 nyanlända",
            "Tabell 1. Kommuntal år 2022 för kommunerna i Örebro län", "Kommun", "Antal nyanlända för bosättning (kommuntal)",
            .. rows.Select(m => $"{m.Name} {m.Kommuntal}"),
            "Totalt (länstal) 202",
            "Bakgrund", "i lydelsen enligt SFS 2021:870, bestämt att 7\u00A0500 nyanlända ska omfattas av anvisningar till kommuner år 2022 och att länstalet för Örebro län är 202.",
            "Skäl för beslutet", "Enligt 7 § andra stycket bosättningslagen ska hänsyn tas till kommunens arbetsmarknadsförutsättningar",
            "Beräkningsmodell", $"beräkningsmodellen {content.Allocation.Parameters.Version}", "Tabell 2. Faktorer och vikter i beräkningsmodellen",
            "Avvikelser från beräkningsmodellen", "Länsstyrelsen har inte gjort några avvikelser från beräkningsmodellen.",
            "Tillämpliga bestämmelser", "5 § lagen (2016:38)", "7 § samma lag", "4–6 §§ förordningen (2016:39)", "Förordningen (2016:40) om fördelning av anvisningar till kommuner, i lydelsen enligt SFS 2021:870",
            "Upplysning om överklagande", content.AppealText!,
            "Beslut i detta ärende har fattats av landshövding Maria Larsson. Föredragande har varit integrationssamordnare Ingela Fredriksson.",
            "Landshövding Maria Larsson", "Integrationssamordnare Ingela Fredriksson",
            "Sändlista", "Samtliga kommuner i Örebro län:", .. rows.Select(m => m.Name), "Migrationsverket",
            "Bilaga: Beräkning per kommun", "Tabell 3. Nyckeltal per kommun", "Förklaring per kommun",
            .. rows.Select(m => m.Explanation.SwedishText),
        ]);

        var n = read.Pages.Count;
        Assert.True(n >= 3, $"{n} pages");
        for (var i = 0; i < n; i++)
        {
            var lines = PdfInspection.Lines(read.Pages[i]);
            Assert.Contains(lines, l => l.EndsWith($"Sida {i + 1} ({n})", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("Länsstyrelsen i Örebro län", StringComparison.Ordinal));
        }
        // The annex starts on a page of its own.
        var annexPage = read.Pages.First(p => PdfInspection.Lines(p).Contains("Bilaga: Beräkning per kommun"));
        Assert.DoesNotContain("Sändlista", PdfInspection.Lines(annexPage));
        Assert.Equal(document.Title, read.Document.Information.Title);
    }

    [Fact]
    public void Vastra_Gotaland_lists_all_49_municipalities_in_a_table_over_pages_with_the_header_repeated()
    {
        var content = Decision("14", 1301);
        var (pdf, _) = Render(content);
        Assert.True(pdf.Length <= 150 * 1024, $"{pdf.Length} bytes");
        using var read = new PdfInspection(pdf);

        var ms = content.Allocation.Municipalities;
        Assert.Equal(49, ms.Count);
        Assert.Equal(1301, ms.Sum(m => m.Kommuntal));
        // Pages of table 1: from its caption to its total row.
        var pages = read.Pages.Select(PdfInspection.Lines).ToList();
        var first = pages.FindIndex(p => p.Contains("Tabell 1. Kommuntal år 2022 för kommunerna i Västra Götalands län"));
        var last = pages.FindIndex(p => p.Any(l => l.StartsWith("Totalt (länstal)", StringComparison.Ordinal)));
        Assert.True(last > first, "table 1 spans more than one page");
        foreach (var m in ms)
            Assert.Contains(pages.Skip(first).Take(last - first + 1), p => p.Contains($"{m.Name} {m.Kommuntal}"));
        for (var i = first; i <= last; i++)
        {
            Assert.Contains(pages[i], l => l.StartsWith("Kommun Antal nyanlända", StringComparison.Ordinal));
            if (i > first) Assert.Contains("Tabell 1 (forts.)", pages[i]);
        }
        // The annex's table of key values breaks over pages too, its header repeated.
        var annexFirst = pages.FindIndex(p => p.Contains("Tabell 3. Nyckeltal per kommun"));
        var annexLast = pages.FindIndex(p => p.Any(l => l.StartsWith("Totalt 1 744 859", StringComparison.Ordinal)));
        Assert.True(annexLast > annexFirst, "the annex table spans more than one page");
        for (var i = annexFirst; i <= annexLast; i++)
        {
            Assert.Contains(pages[i], l => l.StartsWith("Kommun Befolkning Andel av Andel av Sammanvägd Exakt kvot Kommuntal", StringComparison.Ordinal));
            if (i > annexFirst) Assert.Contains("Tabell 3 (forts.)", pages[i]);
        }
        foreach (var m in ms)
            Assert.Contains(pages.Skip(annexFirst).Take(annexLast - annexFirst + 1), p => p.Any(l => l.StartsWith($"{m.Name} ", StringComparison.Ordinal) && l.EndsWith($" {m.Kommuntal}", StringComparison.Ordinal)));
        // PdfPig splits "1 301" at its no-break space into two words: the printed row reads "1 301",
        // and the letters between the digits are exactly one U+00A0.
        Assert.Contains("Totalt (länstal) 1 301", pages[last]);
        Assert.Contains("1\u00A0301", read.Pages[last].Text, StringComparison.Ordinal);
        Assert.DoesNotContain("1 301", read.Pages[last].Text, StringComparison.Ordinal);
        Assert.Contains("Totalt (länstal) 1\u00A0301", read.ContentText(), StringComparison.Ordinal);
        // å, ä and ö survive as letters, in words and in the numbers' neighbours.
        var words = read.Pages.SelectMany(p => p.GetWords()).Select(w => w.Text).ToHashSet();
        Assert.Superset(new HashSet<string> { "Vårgårda", "Åmål", "Öckerö", "Härryda", "Tjörn", "Götene", "Länsstyrelsen", "Västra", "Götalands", "län" }, words);
        Assert.Contains("1\u00A0744\u00A0859", read.ContentText(), StringComparison.Ordinal); // the county's population in the annex total
    }

    [Fact]
    public void The_pdf_is_tagged_in_Swedish_with_headings_lists_and_table_structure_and_page_furniture_as_artifacts()
    {
        var (pdf, document) = Render(Decision("14", 1301) with
        {
            Contact = new BoardContact { PostalAddress = "Södra Hamngatan 3, 403 40 Göteborg", Switchboard = "010-224 40 00" },
        });
        using var read = new PdfInspection(pdf);
        var catalog = read.Catalog;
        Assert.Equal("sv-SE", ((StringToken)catalog.Data["Lang"]).Data);
        Assert.True(((BooleanToken)read.Resolve<DictionaryToken>(catalog.Data["MarkInfo"]).Data["Marked"]).Data);
        Assert.True(((BooleanToken)read.Resolve<DictionaryToken>(catalog.Data["ViewerPreferences"]).Data["DisplayDocTitle"]).Data);

        var root = read.StructureTree();
        var doc = Assert.Single(root.Children);
        Assert.Equal("Document", doc.Type);
        var all = doc.Descendants().ToList();
        Assert.Equal(["H1", "H2", "H2", "H2", "H3", "H3", "H2", "H2", "H2", "H1", "H2"], all.Where(n => n.Type.StartsWith('H') && n.Type.Length == 2).Select(n => n.Type));
        Assert.Contains(all, n => n.Type == "P");
        Assert.Contains(all, n => n.Type == "L" && n.Children.All(c => c.Type == "LI"));

        var tables = all.Where(n => n.Type == "Table").ToList();
        Assert.Equal(document.Blocks.OfType<Table>().Count(), tables.Count);
        foreach (var (table, model) in tables.Zip(document.Blocks.OfType<Table>()))
        {
            Assert.Equal(model.TotalRow is null ? ["Caption", "THead", "TBody"] : ["Caption", "THead", "TBody", "TFoot"], table.Children.Select(c => c.Type));
            Assert.Equal(model.Caption, read.TextOf(table.Children[0]));
            var head = table.Children.Single(c => c.Type == "THead").Children.Single();
            Assert.Equal("TR", head.Type);
            Assert.All(head.Children, th => Assert.Equal(("TH", "Column"), (th.Type, th.Scope)));
            foreach (var tr in table.Children.Single(c => c.Type == "TBody").Children)
            {
                Assert.Equal("TR", tr.Type);
                Assert.Equal(("TH", "Row"), (tr.Children[0].Type, tr.Children[0].Scope));
                Assert.All(tr.Children.Skip(1), td => Assert.Equal("TD", td.Type));
            }
        }
        var kommuntal = tables[0];
        Assert.Equal(49, kommuntal.Children.Single(c => c.Type == "TBody").Children.Count);
        Assert.Equal("Göteborg", read.TextOf(kommuntal.Children.Single(c => c.Type == "TBody").Children.Single(tr => read.TextOf(tr.Children[0]) == "Göteborg").Children[0]));

        // Every letter is either structure content or an artifact; page numbers, the later pages'
        // letterhead, the footer and the repeated table header are artifacts.
        for (var i = 0; i < read.Pages.Count; i++)
        {
            var page = read.Pages[i];
            var marked = PdfInspection.MarkedContents(page).Where(m => m.IsArtifact || m.MarkedContentIdentifier >= 0).Sum(m => m.Letters.Count);
            Assert.Equal(page.Letters.Count, marked);
            var artifacts = string.Concat(page.GetMarkedContents().Where(m => m.IsArtifact).SelectMany(m => m.Letters).Select(l => l.Value));
            Assert.Contains($"Sida {i + 1} ({read.Pages.Count})", artifacts, StringComparison.Ordinal);
            Assert.Contains("Södra Hamngatan 3, 403 40 Göteborg", artifacts, StringComparison.Ordinal);
            if (i > 0) Assert.Contains("Länsstyrelsen i Västra Götalands län", artifacts, StringComparison.Ordinal);
        }
        var secondPage = string.Concat(read.Pages[1].GetMarkedContents().Where(m => m.IsArtifact).SelectMany(m => m.Letters).Select(l => l.Value));
        Assert.Contains("Tabell 1 (forts.)KommunAntal nyanlända", secondPage, StringComparison.Ordinal);
        Assert.StartsWith("Länsstyrelsen i Västra Götalands län BESLUT Datum 8 november 2021", read.ContentText(), StringComparison.Ordinal);

        // Document information and XMP metadata.
        var info = read.Document.Information;
        Assert.Equal(("Beslut om fördelning av anvisningar år 2022 till kommuner i Västra Götalands län", "Länsstyrelsen i Västra Götalands län", "Kommuntal 2022 för Västra Götalands län"),
            (info.Title, info.Author, info.Subject));
        Assert.Equal("kommuntal, länstal, anvisning, bosättningslagen, Västra Götalands län, 2022", info.Keywords);
        Assert.True(read.Document.TryGetXmpMetadata(out var xmp));
        XNamespace dc = "http://purl.org/dc/elements/1.1/";
        Assert.Equal(info.Title, Xmp(xmp).Descendants(dc + "title").Single().Value.Trim());
    }

    [Fact]
    public void An_ampersand_or_angle_bracket_in_a_title_keeps_the_XMP_metadata_valid_and_the_text_unchanged()
    {
        var county = new County("18", "Test & <Prov> län");
        var (pdf, _) = Render(Decision(county, Allocate(county, 202)));
        using var read = new PdfInspection(pdf);
        Assert.True(read.Document.TryGetXmpMetadata(out var xmp));
        var x = Xmp(xmp); // throws on invalid XML
        XNamespace dc = "http://purl.org/dc/elements/1.1/";
        Assert.Equal("Beslut om fördelning av anvisningar år 2022 till kommuner i Test och ‹Prov› län", x.Descendants(dc + "title").Single().Value.Trim());
        Assert.Equal("Länsstyrelsen i Test och ‹Prov› län", x.Descendants(dc + "creator").Single().Value.Trim());
        Assert.Contains("Beslut om fördelning av anvisningar år 2022 till kommuner i Test & <Prov> län", read.ContentText(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_revision_shows_previous_number_change_and_new_number_and_names_the_decision_it_replaces()
    {
        // Test revision: Örebro län's länstal cut from 202 to 40; both sets of numbers are the engine's.
        var orebro = ReferenceData.Bundled.County("18");
        var first = Allocate(orebro, 202);
        var content = Decision(orebro, Allocate(orebro, 40)) with
        {
            Version = 2,
            DecisionDate = new DateOnly(2022, 3, 15),
            Diarienummer = "851-2222-2022",
            Replaces = new ReplacedDecision(1, new DateOnly(2021, 11, 8), "851-1234-2021", 202, first.Municipalities.ToDictionary(m => m.Code, m => m.Kommuntal)),
        };
        var (pdf, _) = Render(content);
        using var read = new PdfInspection(pdf);
        var text = read.ContentText();
        AssertInOrder(text,
        [
            "Beslut om fördelning av anvisningar år 2022 till kommuner i Örebro län",
            "Beslutet ersätter Länsstyrelsens beslut den 8 november 2021 med diarienummer 851-1234-2021.",
            "Kommun", "Tidigare kommuntal", "Förändring", "Antal nyanlända för bosättning (kommuntal)",
        ]);
        var lines = read.Pages.SelectMany(PdfInspection.Lines).ToList();
        foreach (var m in content.Allocation.Municipalities)
        {
            var before = first.Municipalities.Single(x => x.Code == m.Code).Kommuntal;
            Assert.Contains($"{m.Name} {before} {SwedishFormat.Change(m.Kommuntal - before)} {m.Kommuntal}", lines);
        }
        Assert.Contains("Totalt (länstal) 202 −162 40", lines);
        Assert.Contains("Kommuner med kommuntal 0", text, StringComparison.Ordinal);
        Assert.Contains("Länstalet har sänkts från 202 till 40.", text, StringComparison.Ordinal);
        Assert.Contains("7 a § samma förordning", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_proposal_reads_FORSLAG_with_the_deadline_and_how_to_answer()
    {
        var content = Decision("18", 202) with
        {
            Kind = DocumentKind.Proposal,
            DecisionDate = new DateOnly(2021, 10, 4),
            ConsultationDeadline = new DateOnly(2021, 10, 25),
            DecidedBy = null,
            PresentedBy = null,
            Contact = new BoardContact { Email = "orebro@lansstyrelsen.se" },
        };
        var (pdf, _) = Render(content);
        using var read = new PdfInspection(pdf);
        var text = read.ContentText();
        AssertInOrder(text,
        [
            "Länsstyrelsen i Örebro län", "FÖRSLAG", "Datum 4 oktober 2021", "Diarienummer 851-1234-2021", "Svar senast 25 oktober 2021",
            "Förslag till fördelning av anvisningar år 2022 till kommuner i Örebro län",
            "Förslag", "Länsstyrelsen föreslår att de 202 nyanlända",
            "Tabell 1. Föreslagna kommuntal år 2022 för kommunerna i Örebro län",
            "Samråd och hur ni svarar",
            "Lämna kommunens synpunkter senast den 25 oktober 2021 per e-post till orebro@lansstyrelsen.se. Ange diarienummer 851-1234-2021 i svaret.",
            "Skäl för förslaget", "Tillämpliga bestämmelser", "Sändlista", "Bilaga: Beräkning per kommun",
        ]);
        Assert.DoesNotContain("Beslut i detta ärende", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Upplysning om överklagande", text, StringComparison.Ordinal);
    }

    [Fact]
    public void No_text_leaves_the_page_margins_or_its_table_column_even_with_very_long_names_and_reasons()
    {
        // Test fixture: Västra Götaland's 49 municipalities (real codes and indicators), two of them
        // given very long names and the board a very long name; the engine computes the numbers.
        const string longName = "Vänersborg-Trollhättan-Lilla Edet-Ale-Kungälv-Stenungsund gemensamma försöksnämnd för mottagande";
        const string oneWord = "Vårgårdaherrljungaalingsåslerumpartilleöckerötjörnorustlysekilsotenäsmunkedal";
        var county = new County("14", "Västra Götalands och Bohusläns gemensamma försöksområde för synnerligen långa myndighetsnamn län");
        var municipalities = ReferenceData.Bundled.MunicipalitiesIn("14")
            .Select(m => m.Name switch { "Vänersborg" => m with { Name = longName }, "Vårgårda" => m with { Name = oneWord }, _ => m }).ToList();
        var allocation = Allocate(county, 1301, municipalities);
        const string sentence = "Kommunen har i samrådet redovisat att bostadsbeståndet är ansträngt och att de lägenheter som kommunen förfogar över redan är anvisade; kommunen och Länsstyrelsen har därför kommit överens om kommuntalet.";
        var reason = string.Join(" ", Enumerable.Repeat(sentence, 4));
        // A reason so long that its table row is taller than a page: the row is split between lines.
        var tallReason = string.Join(" ", Enumerable.Range(1, 40).Select(i => $"({i}) {sentence}"));
        var reasons = new Dictionary<string, string> { [longName] = reason, ["Göteborg"] = tallReason };
        allocation = allocation with
        {
            Municipalities = allocation.Municipalities.Select(m => reasons.TryGetValue(m.Name, out var r)
                ? m with { Explanation = m.Explanation with { Deviations = [new Deviation(m.Code, DeviationKind.Agreement, m.Kommuntal, r)], BoundApplied = "agreement" } } : m).ToList(),
        };
        var content = Decision(county, allocation) with
        {
            Diarienummer = "LST-851-0000000000000000000000000000000000000001-2021",
            DecidedBy = "tillförordnade landshövdingen och länsrådet Anna-Karin Västergötland-Bohuslän Strömstad-Åmål",
            PresentedBy = "integrationssamordnaren vid enheten för social hållbarhet Ingela Fredriksson-Långnamnsdotter",
            Reasons = reason,
            Contact = new BoardContact { PostalAddress = "Box 224, Södra Hamngatan 3, 403 40 Göteborg; besöksadress Stora Badhusgatan 2B, 411 21 Göteborg; leveransadress Mölndalsvägen 17", Switchboard = "010-224 40 00", Web = "https://www.lansstyrelsen.se/vastra-gotaland" },
        };
        var (pdf, document) = Render(content);
        using var read = new PdfInspection(pdf);

        const double tolerance = 0.5;
        foreach (var page in read.Pages)
            foreach (var l in page.Letters.Where(l => !string.IsNullOrWhiteSpace(l.Value) && l.Value != "\u00A0"))
            {
                var b = l.BoundingBox;
                Assert.True(b.Left >= PageGeometry.Left - tolerance && b.Right <= PageGeometry.PageWidth - PageGeometry.Right + tolerance
                            && b.Bottom >= PageGeometry.Bottom - tolerance && b.Top <= PageGeometry.PageHeight - PageGeometry.Top + tolerance,
                    $"'{l.Value}' at {b} on page {page.Number} is outside the margins");
            }

        var tables = read.StructureTree().Descendants().Where(n => n.Type == "Table").ToList();
        var models = document.Blocks.OfType<Table>().ToList();
        Assert.Equal(models.Count, tables.Count);
        var checkedCells = 0;
        for (var t = 0; t < tables.Count; t++)
        {
            var edges = PageGeometry.ColumnEdges(models[t]);
            foreach (var tr in tables[t].Descendants().Where(n => n.Type == "TR"))
                for (var i = 0; i < tr.Children.Count; i++)
                {
                    foreach (var (page, l) in read.LettersOf(tr.Children[i]).Where(x => !string.IsNullOrWhiteSpace(x.Letter.Value) && x.Letter.Value != "\u00A0"))
                        Assert.True(l.BoundingBox.Left >= edges[i] + PageGeometry.CellPadding - tolerance && l.BoundingBox.Right <= edges[i + 1] - PageGeometry.CellPadding + tolerance,
                            $"'{l.Value}' of table {t + 1}, column {i + 1} at {l.BoundingBox} on page {page} leaves its column [{edges[i]:0.0}, {edges[i + 1]:0.0}]");
                    checkedCells++;
                }
        }
        Assert.True(checkedCells > 49 * 2 * 2, $"{checkedCells} cells checked");

        // The long names are wrapped (the one-word name broken between letters), not cut.
        var body = tables[0].Children.Single(c => c.Type == "TBody").Children;
        var oneWordCell = body.Single(tr => read.TextOf(tr.Children[0]).Replace(" ", "", StringComparison.Ordinal) == oneWord).Children[0];
        Assert.True(read.LettersOf(oneWordCell).Select(x => Math.Round(x.Letter.StartBaseLine.Y)).Distinct().Count() >= 2);
        Assert.Contains(body, tr => read.TextOf(tr.Children[0]) == longName);
        var text = read.ContentText();
        Assert.Contains(PdfInspection.CollapseSpaces(reason), text, StringComparison.Ordinal);
        var deviations = tables[models.FindIndex(m => m.Caption.Contains("Avvikelser", StringComparison.Ordinal))];
        var tallParts = deviations.Descendants().Where(n => n.Type == "TR" && read.TextOf(n.Children[0]).StartsWith("Göteborg", StringComparison.Ordinal)
                                                                          || n.Type == "TR" && read.TextOf(n.Children[0]).Length == 0).ToList();
        Assert.True(tallParts.Count >= 2, "the tall row is split over pages");
        Assert.Equal(PdfInspection.CollapseSpaces(tallReason), PdfInspection.CollapseSpaces(string.Join(" ", tallParts.Select(tr => read.TextOf(tr.Children[2])))));
        Assert.Contains("Länsstyrelsen i Västra Götalands och Bohusläns gemensamma försöksområde för synnerligen långa myndighetsnamn län", text, StringComparison.Ordinal);
    }
    [Fact]
    public void A_reason_written_on_several_lines_keeps_its_lines_in_the_deviations_table_whatever_the_line_ending()
    {
        // A wish reason with line breaks (a cell with Alt+Enter, an OpenDocument cell with two
        // paragraphs, a form posted from Windows): each line of the reason is a line of its cell, and
        // no carriage return reaches the page as a glyph.
        var county = ReferenceData.Bundled.County("18");
        var allocation = Allocate(county, 202);
        const string reason = "Överenskommelse i samrådet\r\nenligt kommunens besked\rden 1 oktober\nsamt bostadsläget";
        allocation = allocation with
        {
            Municipalities = allocation.Municipalities.Select(m => m.Code == "1880"
                ? m with { Explanation = m.Explanation with { Deviations = [new Deviation(m.Code, DeviationKind.Agreement, m.Kommuntal, reason)], BoundApplied = "agreement" } } : m).ToList(),
        };
        var (pdf, document) = Render(Decision(county, allocation));
        using var read = new PdfInspection(pdf);

        Assert.DoesNotContain('\r', read.ContentText());
        var tables = read.StructureTree().Descendants().Where(n => n.Type == "Table").ToList();
        var deviations = tables[document.Blocks.OfType<Table>().ToList().FindIndex(m => m.Caption.Contains("Avvikelser", StringComparison.Ordinal))];
        var row = deviations.Descendants().Single(n => n.Type == "TR" && read.TextOf(n.Children[0]).StartsWith("Örebro", StringComparison.Ordinal));
        var lines = read.LettersOf(row.Children[2]).GroupBy(x => Math.Round(x.Letter.StartBaseLine.Y))
            .Select(g => string.Concat(g.Select(x => x.Letter.Value)).Trim()).ToList();
        Assert.Equal(["Överenskommelseisamrådet", "enligtkommunensbesked", "den1oktober", "samtbostadsläget"], lines.Select(l => l.Replace(" ", "", StringComparison.Ordinal)));
    }
}
