using Kommuntal.Core.Allocation;
using Kommuntal.Core.Documents;
using Kommuntal.Core.Notifications;
using Kommuntal.Core.Reference;
using Kommuntal.Core.Text;

namespace Kommuntal.Core.Tests.Documents;

/// <summary>
/// The decision document's content, before any PDF: which parts, in which order, with which
/// sentences. Numbers come from the engine run on the bundled 2022 data (SFS 2021:870 länstal,
/// SCB population 2021, Migrationsverket reception 2018); a revision is derived by running the
/// engine again with a changed (test) länstal.
/// </summary>
public class DecisionDocumentBuilderTests
{
    internal static AllocationResult Allocate(string county, int lanstal) =>
        new KommuntalModel().Allocate(new AllocationRequest(2022, ReferenceData.Bundled.County(county), lanstal,
            ReferenceData.Bundled.MunicipalitiesIn(county), ReferenceData.BundledIndicators(2022), [], ModelParameters.Default));

    internal static DecisionContent Decision(string county, int lanstal) => new()
    {
        Kind = DocumentKind.Decision,
        County = ReferenceData.Bundled.County(county),
        Year = 2022,
        Lanstal = lanstal,
        NationalTotal = 7500,
        StatuteReference = "SFS 2021:870",
        DecisionDate = new DateOnly(2021, 11, 8),
        Diarienummer = "851-1234-2021",
        DecidedBy = "landshövding Maria Larsson",
        PresentedBy = "integrationssamordnare Ingela Fredriksson",
        Allocation = Allocate(county, lanstal),
        AppealHeading = "Upplysning om överklagande",
        AppealText = "Kontakta Länsstyrelsen om ni har frågor om möjligheten att överklaga beslutet.",
    };

    private static List<string> Headings(DecisionDocument d) => d.Blocks.OfType<Heading>().Select(h => $"H{h.Level} {h.Text}").ToList();

    private static string AllText(DecisionDocument d) => string.Join("\n", d.Blocks.SelectMany(b => b switch
    {
        Heading h => [h.Text],
        Paragraph p => [p.Text],
        LineList l => l.Lines,
        Table t => [t.Caption, .. t.Columns.Select(c => c.Header), .. t.Rows.SelectMany(r => r), .. t.TotalRow ?? []],
        SignatureBlock s => [.. s.Lines, .. s.Signatories],
        _ => Array.Empty<string>(),
    }));

    [Fact]
    public void A_decision_has_every_part_of_the_checklist_in_order()
    {
        var d = DecisionDocumentBuilder.Build(Decision("18", 202));

        Assert.Equal("BESLUT", d.DocumentLabel);
        Assert.Equal("Länsstyrelsen i Örebro län", d.BoardName);
        Assert.Equal([new HeaderField("Datum", "8 november 2021"), new HeaderField("Diarienummer", "851-1234-2021")], d.HeaderFields);
        Assert.Equal("Sida {0} ({1})", d.PageNumberFormat);
        Assert.Equal(["Kommunerna i Örebro län (se sändlista)", "Migrationsverket"], d.Recipients!.Lines);
        Assert.Equal(
        [
            "H1 Beslut om fördelning av anvisningar år 2022 till kommuner i Örebro län",
            "H2 Beslut",
            "H2 Bakgrund",
            "H2 Skäl för beslutet",
            "H3 Beräkningsmodell",
            "H3 Avvikelser från beräkningsmodellen",
            "H2 Tillämpliga bestämmelser",
            "H2 Upplysning om överklagande",
            "H2 Sändlista",
            "H1 Bilaga: Beräkning per kommun",
            "H2 Förklaring per kommun",
        ], Headings(d));

        // The signature block comes after the appeal paragraph and before the distribution list; the annex starts on a new page.
        var blocks = d.Blocks.ToList();
        int IndexOf(Func<DocumentBlock, bool> f) => blocks.FindIndex(b => f(b));
        var appeal = IndexOf(b => b is Heading { Text: "Upplysning om överklagande" });
        var signature = IndexOf(b => b is SignatureBlock);
        var distribution = IndexOf(b => b is Heading { Text: "Sändlista" });
        Assert.True(appeal < signature && signature < distribution);
        Assert.IsType<PageBreak>(blocks[IndexOf(b => b is Heading { Text: DecisionDocumentBuilder.AnnexTitle }) - 1]);

        var s = Assert.IsType<SignatureBlock>(blocks[signature]);
        Assert.Equal("Beslut i detta ärende har fattats av landshövding Maria Larsson. Föredragande har varit integrationssamordnare Ingela Fredriksson.", Assert.Single(s.Lines));
        Assert.Equal(["Landshövding Maria Larsson", "Integrationssamordnare Ingela Fredriksson"], s.Signatories);
    }

    [Fact]
    public void The_decision_sentence_background_and_provisions_name_the_statutes_and_numbers()
    {
        var text = AllText(DecisionDocumentBuilder.Build(Decision("14", 1301)));
        Assert.Contains("Länsstyrelsen beslutar med stöd av 7 § lagen (2016:38) om mottagande av vissa nyanlända invandrare för bosättning att de 1\u00A0301 nyanlända som ska anvisas till kommuner i Västra Götalands län år 2022 (länstal) ska fördelas mellan kommunerna i länet enligt tabell 1 (kommuntal).", text);
        Assert.Contains("i lydelsen enligt SFS 2021:870, bestämt att 7\u00A0500 nyanlända ska omfattas av anvisningar till kommuner år 2022 och att länstalet för Västra Götalands län är 1\u00A0301.", text);
        Assert.Contains("Enligt 7 § andra stycket bosättningslagen ska hänsyn tas till kommunens arbetsmarknadsförutsättningar, befolkningens storlek, det sammantagna mottagandet av nyanlända och ensamkommande barn samt omfattningen av asylsökande som vistas i kommunen.", text);
        Assert.Contains("5 § lagen (2016:38)", text);
        Assert.Contains("4–6 §§ förordningen (2016:39)", text);
        Assert.Contains("Förordningen (2016:40) om fördelning av anvisningar till kommuner, i lydelsen enligt SFS 2021:870", text);
        Assert.DoesNotContain("7 a §", text); // only for a reduced länstal
    }

    [Fact]
    public void The_kommuntal_table_lists_every_municipality_in_Swedish_order_and_the_lanstal_as_total()
    {
        var c = Decision("14", 1301);
        var table = DecisionDocumentBuilder.Build(c).Blocks.OfType<Table>().First();
        Assert.Equal(["Kommun", "Antal nyanlända för bosättning (kommuntal)"], table.Columns.Select(x => x.Header));
        Assert.Equal(49, table.Rows.Count);
        Assert.Equal(c.Allocation.Municipalities.Select(m => m.Name).Order(StringComparer.Ordinal), table.Rows.Select(r => r[0]).Order(StringComparer.Ordinal));
        // Swedish alphabetical order: Å, Ä, Ö last.
        Assert.Equal(["Vårgårda", "Vänersborg", "Åmål", "Öckerö"], table.Rows.Skip(45).Select(r => r[0]));
        foreach (var m in c.Allocation.Municipalities)
            Assert.Equal(SwedishFormat.Number(m.Kommuntal), table.Rows.Single(r => r[0] == m.Name)[1]);
        Assert.Equal(["Totalt (länstal)", "1\u00A0301"], table.TotalRow);
    }

    [Fact]
    public void The_reasons_name_the_model_version_and_each_factor_with_its_applied_weight()
    {
        var c = Decision("18", 202);
        var d = DecisionDocumentBuilder.Build(c);
        var text = AllText(d);
        Assert.Contains($"beräkningsmodellen {c.Allocation.Parameters.Version}", text);
        var factors = d.Blocks.OfType<Table>().Single(t => t.Caption.Contains("Faktorer och vikter", StringComparison.Ordinal));
        Assert.Equal(c.Allocation.Factors.Count, factors.Rows.Count);
        var labour = factors.Rows.Single(r => r[0] == "Arbetsmarknadsförutsättningar");
        Assert.Equal(["Saknas", "43\u00A0%", "0,0\u00A0%"], labour.Skip(1));
        var population = c.Allocation.Factors.Single(f => f.Factor == Factor.Population);
        Assert.Equal(["Används", "37\u00A0%", (population.AppliedWeight * 100).ToString("0.0", SwedishFormat.Culture) + "\u00A0%"], factors.Rows.Single(r => r[0] == "Befolkningens storlek").Skip(1));
        Assert.Contains("Underlag har saknats för arbetsmarknadsförutsättningar.", text);
        Assert.Contains("Uppgifter om antalet asylsökande per kommun har inte funnits tillgängliga", text);
        Assert.Contains("Länsstyrelsen har inte gjort några avvikelser från beräkningsmodellen.", text);
        Assert.Contains("största restmetoden", text);
    }

    [Fact]
    public void Without_a_consultation_summary_the_text_does_not_claim_a_consultation_and_with_one_it_uses_it()
    {
        var neutral = AllText(DecisionDocumentBuilder.Build(Decision("18", 202)));
        Assert.Contains("Kommuntalen bygger på Länsstyrelsens beräkning enligt den modell som redovisas under rubriken ”Skäl för beslutet”.", neutral);
        Assert.DoesNotContain("samråd", neutral, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("dialog", neutral, StringComparison.OrdinalIgnoreCase);

        const string summary = "Länsstyrelsen har samrått med kommunerna i länet. Förslaget skickades den 4 oktober 2021 och sju kommuner svarade.";
        var consulted = AllText(DecisionDocumentBuilder.Build(Decision("18", 202) with { ConsultationSummary = summary, Background = "Egen bakgrundstext.\n\nAndra stycket." }));
        Assert.Contains(summary, consulted);
        Assert.Contains("Egen bakgrundstext.\nAndra stycket.", consulted);
        Assert.DoesNotContain("Kommuntalen bygger på Länsstyrelsens beräkning", consulted);
    }

    [Fact]
    public void The_appeal_paragraph_is_the_text_given_and_absent_when_none_is_given()
    {
        var d = DecisionDocumentBuilder.Build(Decision("18", 202) with { AppealHeading = "Hur man överklagar", AppealText = "Beslutet kan överklagas hos förvaltningsrätten.\n\nSkrivelsen ska ha kommit in inom tre veckor." });
        var blocks = d.Blocks.ToList();
        var i = blocks.FindIndex(b => b is Heading { Text: "Hur man överklagar" });
        Assert.Equal(new Paragraph("Beslutet kan överklagas hos förvaltningsrätten."), blocks[i + 1]);
        Assert.Equal(new Paragraph("Skrivelsen ska ha kommit in inom tre veckor."), blocks[i + 2]);

        var none = DecisionDocumentBuilder.Build(Decision("18", 202) with { AppealText = null });
        Assert.DoesNotContain(none.Blocks, b => b is Heading { Text: "Upplysning om överklagande" });
    }

    [Fact]
    public void A_revision_shows_previous_change_and_new_numbers_names_the_replaced_decision_and_explains_zeros()
    {
        // The revision is a test scenario: Örebro län's länstal cut from 202 to 40 in the engine,
        // so small municipalities round to 0. Both sets of numbers are the engine's.
        var first = Allocate("18", 202);
        var c = Decision("18", 40) with
        {
            Version = 2,
            DecisionDate = new DateOnly(2022, 3, 15),
            Diarienummer = "851-2222-2022",
            Replaces = new ReplacedDecision(1, new DateOnly(2021, 11, 8), "851-1234-2021", 202, first.Municipalities.ToDictionary(m => m.Code, m => m.Kommuntal)),
        };
        var d = DecisionDocumentBuilder.Build(c);
        var text = AllText(d);
        Assert.Contains("Beslutet ersätter Länsstyrelsens beslut den 8 november 2021 med diarienummer 851-1234-2021.", text);
        Assert.Contains("utifrån ett länstal på 202. Regeringen har därefter genom SFS 2021:870 ändrat länstalet för Örebro län till 40.", text);
        Assert.Contains("Länstalet har sänkts från 202 till 40.", text);
        Assert.Contains("7 a § samma förordning", text);

        var table = d.Blocks.OfType<Table>().First();
        Assert.Equal(["Kommun", "Tidigare kommuntal", "Förändring", "Antal nyanlända för bosättning (kommuntal)"], table.Columns.Select(x => x.Header));
        foreach (var m in c.Allocation.Municipalities)
        {
            var before = first.Municipalities.Single(x => x.Code == m.Code).Kommuntal;
            Assert.Equal([m.Name, SwedishFormat.Number(before), SwedishFormat.Change(m.Kommuntal - before), SwedishFormat.Number(m.Kommuntal)], table.Rows.Single(r => r[0] == m.Name));
        }
        Assert.Equal(["Totalt (länstal)", "202", "−162", "40"], table.TotalRow);

        var zeros = c.Allocation.Municipalities.Where(m => m.Kommuntal == 0).ToList();
        Assert.NotEmpty(zeros);
        Assert.Contains(d.Blocks, b => b is Heading { Text: "Kommuner med kommuntal 0" });
        Assert.Contains(zeros.Count == 1 ? $"En kommun har fått kommuntal 0: {zeros[0].Name}." : "kommuner har fått kommuntal 0. Skälen framgår nedan.", text);
        var reasons = d.Blocks.OfType<LineList>().Single(l => l.Lines.Any(x => x.StartsWith(zeros[0].Name + ": ", StringComparison.Ordinal)));
        Assert.Equal(zeros.Count, reasons.Lines.Count);
        foreach (var z in zeros)
            Assert.Contains($"{z.Name}: kommunens beräknade andel motsvarar {z.Explanation.ExactQuota.ToString("0.00", SwedishFormat.Culture)} anvisningar, vilket blev 0 vid avrundningen till heltal.", reasons.Lines);
    }

    [Fact]
    public void Each_deviation_is_listed_with_its_reason()
    {
        // The engine being rewritten applies deviations; here an agreement equal to the engine's own
        // number is attached to its explanation, so the figures stay the engine's.
        var c = Decision("18", 202);
        var laxa = c.Allocation.Municipalities.Single(m => m.Name == "Laxå");
        var deviation = new Deviation(laxa.Code, DeviationKind.Agreement, laxa.Kommuntal, "Kommunen har anmält att den kan ordna bostäder för detta antal.");
        var allocation = c.Allocation with
        {
            Municipalities = c.Allocation.Municipalities.Select(m => m.Code == laxa.Code
                ? m with { Explanation = m.Explanation with { Deviations = [deviation], BoundApplied = "agreement" } } : m).ToList(),
        };
        var d = DecisionDocumentBuilder.Build(c with { Allocation = allocation });
        var table = d.Blocks.OfType<Table>().Single(t => t.Caption.Contains("Avvikelser", StringComparison.Ordinal));
        Assert.Equal(["Laxå", $"Överenskommelse om {laxa.Kommuntal}", deviation.Reason, SwedishFormat.Number(laxa.Kommuntal)], Assert.Single(table.Rows));
        Assert.Contains("och på de önskemål och överenskommelser som har registrerats i ärendet", AllText(d));
    }

    [Fact]
    public void A_proposal_carries_the_deadline_and_how_to_answer_and_no_signature_or_appeal()
    {
        var c = Decision("18", 202) with
        {
            Kind = DocumentKind.Proposal,
            DecisionDate = new DateOnly(2021, 10, 4),
            ConsultationDeadline = new DateOnly(2021, 10, 25),
            Diarienummer = "851-1234-2021",
            DecidedBy = null,
            PresentedBy = null,
            Contact = new BoardContact { Name = "Ingela Fredriksson", Title = "Integrationssamordnare", Email = "ingela.fredriksson@lansstyrelsen.se", PostalAddress = "Stortorget 22, 701 86 Örebro", Switchboard = "010-224 80 00" },
        };
        var d = DecisionDocumentBuilder.Build(c);
        Assert.Equal("FÖRSLAG", d.DocumentLabel);
        Assert.Equal("Förslag till fördelning av anvisningar år 2022 till kommuner i Örebro län", d.Title);
        Assert.Contains(new HeaderField("Svar senast", "25 oktober 2021"), d.HeaderFields);
        Assert.Equal(["Länsstyrelsen i Örebro län · Stortorget 22, 701 86 Örebro", "Växel: 010-224 80 00"], d.FooterLines);
        var text = AllText(d);
        Assert.Contains("Länsstyrelsen föreslår att de 202 nyanlända som ska anvisas till kommuner i Örebro län år 2022 (länstal) fördelas mellan kommunerna i länet enligt tabell 1.", text);
        Assert.Contains("Lämna kommunens synpunkter senast den 25 oktober 2021 per e-post till ingela.fredriksson@lansstyrelsen.se eller per post till Länsstyrelsen i Örebro län, Stortorget 22, 701 86 Örebro. Ange diarienummer 851-1234-2021 i svaret.", text);
        Assert.Contains("Kontaktperson: Ingela Fredriksson, integrationssamordnare, ingela.fredriksson@lansstyrelsen.se.", text);
        Assert.Equal(["H1 Förslag till fördelning av anvisningar år 2022 till kommuner i Örebro län", "H2 Förslag", "H2 Samråd och hur ni svarar", "H2 Bakgrund",
            "H2 Skäl för förslaget", "H3 Beräkningsmodell", "H3 Avvikelser från beräkningsmodellen", "H2 Tillämpliga bestämmelser", "H2 Sändlista",
            "H1 Bilaga: Beräkning per kommun", "H2 Förklaring per kommun"], Headings(d));
        Assert.DoesNotContain(d.Blocks, b => b is SignatureBlock);
        Assert.DoesNotContain("Upplysning om överklagande", text);
    }

    [Fact]
    public void The_annex_gives_each_municipality_its_key_values_and_explanation()
    {
        var c = Decision("18", 202);
        var d = DecisionDocumentBuilder.Build(c);
        var blocks = d.Blocks.ToList();
        var annex = blocks.FindIndex(b => b is Heading { Text: DecisionDocumentBuilder.AnnexTitle });
        var table = blocks.Skip(annex).OfType<Table>().First();
        Assert.Equal(["Kommun", "Befolkning", "Andel av befolkningen", "Andel av tidigare mottagande", "Sammanvägd andel", "Exakt kvot", "Kommuntal"], table.Columns.Select(x => x.Header));
        var orebro = c.Allocation.Municipalities.Single(m => m.Name == "Örebro");
        var row = table.Rows.Single(r => r[0] == "Örebro");
        Assert.Equal(SwedishFormat.Number((long)orebro.Explanation.Indicators.Population!.Value), row[1]);
        Assert.Equal(SwedishFormat.Number(orebro.Kommuntal), row[^1]);
        Assert.Equal("202", table.TotalRow![^1]);
        var explanations = blocks.Skip(annex).OfType<Paragraph>().Select(p => p.Text).ToList();
        Assert.All(c.Allocation.Municipalities, m => Assert.Contains(m.Explanation.SwedishText, explanations));
    }
}
