using System.Text.Json;
using Kommuntal.Application.Ports;
using Kommuntal.Application.Services;
using Kommuntal.Core.Documents;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Core.Unaccompanied;
using Kommuntal.Core.Validation;
using Kommuntal.Infrastructure.Tests.Email;
using Kommuntal.Testing;
using MimeKit;

namespace Kommuntal.Infrastructure.Tests.Documents;

/// <summary>
/// The shares for unaccompanied children (andelstal) from import to the published decision: the
/// PDF's section and annex read back with PdfPig, the e-mail's paragraph from its .eml, the public
/// decision JSON, and the county's exact per-mille sums. Test variants in tests/data/andelstal.
/// </summary>
public class AndelstalDecisionTests
{
    private static readonly DecisionRequest Request = new(new DateOnly(2021, 11, 8), "851-1234-2021", "landshövding Maria Larsson", "integrationssamordnare Ingela Fredriksson");
    private static readonly PerMille OrebroSum = new(29_352);

    private static Core.Ingestion.InputFile Data(string name) => Samples.File("tests", "data", "andelstal", name);

    /// <summary>Imports the quota and the shares (and Örebro län's requests); returns the import service.</summary>
    private static async Task<ShareImportService> ImportAsync(TestHost host, string? requests, bool withShares = true)
    {
        await host.Get<QuotaImportService>().ImportAsync(Samples.Quota2022Csv, 2022, "test", default);
        var shares = host.Get<ShareImportService>();
        if (withShares) await shares.ImportSharesAsync(Data("andelstal-2022.csv"), 2022, "test", default);
        if (requests is not null) await shares.ImportRequestsAsync(Data(requests), 2022, "18", "test", default);
        return shares;
    }

    /// <summary>Imports the inputs, proposes, decides, publishes and dispatches Örebro län; returns the decision, its PDF's text and Laxå's e-mail.</summary>
    private static async Task<(Decision Decision, string Pdf, MimeMessage Mail)> PublishAsync(TestHost host, string? requests, bool withShares = true)
    {
        await ImportAsync(host, requests, withShares);
        var countyYears = host.Get<CountyYearService>();
        await countyYears.ProposeAsync(2022, "18", "test", null, DraftPurpose.Proposal, default);
        await countyYears.DecideAsync(2022, "18", Request, "test", default);
        var outcome = await countyYears.PublishAsync(2022, "18", "test", default);
        return (outcome.Decision, await TextAsync(host, outcome), await MailAsync(host, outcome.Decision.Version));
    }

    private static async Task<string> TextAsync(TestHost host, PublicationOutcome outcome)
    {
        var pdf = await host.Get<DocumentService>().RenderDecisionAsync(outcome.Snapshot!, outcome.Decision, default);
        Assert.Equal(outcome.Decision.Document!.Sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pdf))); // the published bytes
        using var read = new PdfInspection(pdf);
        return read.ContentText();
    }

    private static async Task<MimeMessage> MailAsync(TestHost host, int version)
    {
        await host.Get<NotificationDispatcher>().DispatchAsync(default);
        return EmailTestSupport.Outbox(host).Where(m => m.To.Mailboxes.Single().Address == "kommun@laxa.se")
            .Single(m => (m.TextBody ?? "").Contains("ersätter", StringComparison.Ordinal) == (version > 1));
    }

    private static void AssertSums(CountyShares shares)
    {
        Assert.Equal(OrebroSum, shares.TotalBefore);
        Assert.Equal(OrebroSum, shares.TotalAfter);
        Assert.Equal(12, shares.Rows.Count);
    }

    [Fact]
    public async Task A_request_to_lower_that_nobody_takes_up_gives_the_no_redistribution_sentence_naming_the_municipalities()
    {
        await using var host = new TestHost();
        var (decision, pdf, mail) = await PublishAsync(host, "requests-2022-18-lower.csv");
        AssertSums(decision.Shares!);
        Assert.Empty(decision.Shares!.Transfers);
        const string sentence = "Lekeberg och Laxå har aviserat att de önskar en minskning av sina andelstal, men då ingen kommun har meddelat att den vill ta ett större ansvar har det inte skett någon omfördelning i länet.";
        Assert.Contains("Andelstal för mottagande av ensamkommande barn Migrationsverket har fastställt andelstal för mottagande av ensamkommande barn 2022. Kommunerna i Örebro län har tillsammans 29,352\u00A0‰.", pdf, StringComparison.Ordinal);
        Assert.Contains(sentence, pdf, StringComparison.Ordinal);
        Assert.DoesNotContain("som ändras genom omfördelning", pdf, StringComparison.Ordinal);
        // The annex lists every municipality's share, and the county's sum.
        Assert.Contains("Andelstal för mottagande av ensamkommande barn år 2022 per kommun", pdf, StringComparison.Ordinal);
        foreach (var row in decision.Shares!.Rows)
            Assert.Contains($"{row.Name} {row.Before} {row.Change} {row.After}", pdf, StringComparison.Ordinal);
        Assert.Contains("Summa för länet 29,352\u00A0‰ 0,000\u00A0‰ 29,352\u00A0‰", pdf, StringComparison.Ordinal);

        Assert.Contains("Vad gäller ensamkommande barn har Lekeberg och Laxå aviserat att de önskar en minskning av sina andelstal, men då ingen kommun har meddelat att den vill ta ett större ansvar har det inte skett någon omfördelning i länet.",
            mail.TextBody, StringComparison.Ordinal);

        // The public decision JSON carries each municipality's share.
        var list = await host.Get<PublicDocumentsService>().ListAsync(2022, "18", null, default);
        using var doc = JsonDocument.Parse(list.Body);
        var numbers = doc.RootElement[0].GetProperty("numbers").EnumerateArray().ToList();
        Assert.Equal(12, numbers.Count);
        Assert.Equal(15.019m, numbers.Single(n => n.GetProperty("code").GetString() == "1880").GetProperty("andelstal").GetDecimal());
        Assert.Equal(29.352m, numbers.Sum(n => n.GetProperty("andelstal").GetDecimal()));
    }

    [Fact]
    public async Task A_partial_transfer_is_a_table_row_per_changed_municipality_and_one_paragraph_in_the_email()
    {
        await using var host = new TestHost();
        var (decision, pdf, mail) = await PublishAsync(host, "requests-2022-18-partial.csv");
        AssertSums(decision.Shares!);
        Assert.Contains("Efter överenskommelse mellan kommunerna omfördelas andelstal inom länet enligt tabellen nedan. Länets summa är oförändrad, 29,352\u00A0‰.", pdf, StringComparison.Ordinal);
        Assert.Contains("Andelstal för ensamkommande barn år 2022 som ändras genom omfördelning", pdf, StringComparison.Ordinal);
        Assert.Contains("Hallsberg 1,550\u00A0‰ \u22120,500\u00A0‰ 1,050\u00A0‰ Överenskommelse om boende i Örebro (testvariant)", pdf, StringComparison.Ordinal);
        Assert.Contains("Örebro 15,019\u00A0‰ +0,500\u00A0‰ 15,519\u00A0‰ Överenskommelse om boende i Örebro (testvariant)", pdf, StringComparison.Ordinal);
        Assert.Contains("Summa 16,569\u00A0‰ 0,000\u00A0‰ 16,569\u00A0‰", pdf, StringComparison.Ordinal);
        Assert.Contains("Laxå har också aviserat att den önskar en minskning av sitt andelstal", pdf, StringComparison.Ordinal);

        Assert.Contains("Vad gäller ensamkommande barn har andelstal omfördelats inom länet efter överenskommelse mellan kommunerna: Hallsberg lämnar 0,500\u00A0‰ av sitt andelstal till Örebro. Länets summa av andelstal är oförändrad, 29,352\u00A0‰.",
            mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_proposal_sent_for_consultation_and_its_email_show_the_proposed_redistribution_and_every_share()
    {
        await using var host = new TestHost();
        await ImportAsync(host, "requests-2022-18-partial.csv");
        var countyYears = host.Get<CountyYearService>();
        await countyYears.ProposeAsync(2022, "18", "test", null, DraftPurpose.Proposal, default);
        var sent = await countyYears.PublishProposalAsync(2022, "18", null, new DateOnly(2021, 11, 20), "test", default);
        AssertSums(sent.Draft.Shares!);

        // The PDF the municipalities were sent, as stored in Blob Storage.
        var bytes = await host.Get<IDocumentStore>().ReadAsync(sent.Document.Path, default);
        using var read = new PdfInspection(bytes!);
        var pdf = read.ContentText();
        string[] expected =
        [
            "Förslag till fördelning av anvisningar år 2022 till kommuner i Örebro län",
            "Andelstal för mottagande av ensamkommande barn Migrationsverket har fastställt andelstal för mottagande av ensamkommande barn 2022.",
            "Efter överenskommelse mellan kommunerna föreslår Länsstyrelsen att andelstal omfördelas inom länet enligt tabellen nedan. Länets summa är oförändrad, 29,352\u00A0‰.",
            "Hallsberg 1,550\u00A0‰ \u22120,500\u00A0‰ 1,050\u00A0‰ Överenskommelse om boende i Örebro (testvariant)", // the section's table
            "Andelstal för mottagande av ensamkommande barn år 2022 per kommun", // the annex
            "Summa för länet 29,352\u00A0‰ 0,000\u00A0‰ 29,352\u00A0‰",
        ];
        foreach (var text in expected) Assert.Contains(text, pdf, StringComparison.Ordinal);

        // The e-mail with the proposal says it in one paragraph, as proposed.
        await host.Get<NotificationDispatcher>().DispatchAsync(default);
        var mail = EmailTestSupport.Outbox(host).Single(m => m.To.Mailboxes.Single().Address == "kommun@laxa.se");
        Assert.Contains("Vad gäller ensamkommande barn föreslår Länsstyrelsen att andelstal omfördelas inom länet efter överenskommelse mellan kommunerna: Hallsberg lämnar 0,500\u00A0‰ av sitt andelstal till Örebro. Länets summa av andelstal är oförändrad, 29,352\u00A0‰. "
                        + "Laxå har också aviserat att den önskar en minskning, men då ingen kommun har meddelat att den vill ta ett större ansvar omfördelas den inte.", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shares_imported_again_that_no_longer_allow_a_transfer_on_record_are_stored_and_the_county_is_told()
    {
        await using var host = new TestHost();
        var shares = await ImportAsync(host, "requests-2022-18-partial.csv"); // Hallsberg gives 0,500 ‰ to Örebro

        // A corrected file for Örebro län in which Hallsberg's share is below the transfer: the Excel
        // variant with Hallsberg's 1,550 ‰ replaced by 0,400 ‰ (a test variant, not Migrationsverket's figure).
        var excel = System.Text.Encoding.UTF8.GetString(Data("andelstal-2022-18-excel.csv").Content);
        Assert.Contains("Hallsberg;1,550 ‰", excel, StringComparison.Ordinal);
        var corrected = Core.Ingestion.InputFile.FromText("andelstal-2022-18-rattad.csv", excel.Replace("Hallsberg;1,550 ‰", "Hallsberg;0,400 ‰", StringComparison.Ordinal));
        var outcome = await shares.ImportSharesAsync(corrected, 2022, "test", default);

        Assert.True(outcome.Created);
        Assert.Equal(2, outcome.Version.Version);
        Assert.Equal(new PerMille(400), outcome.Version.Shares.Single(r => r.MunicipalityCode == "1861").Share); // stored all the same
        var stale = Assert.Single(outcome.RequestsNoLongerFit);
        Assert.Equal("18", stale.CountyCode);
        Assert.Equal("requests-2022-18-partial.csv", stale.FileName);
        var problem = Assert.Single(stale.Problems);
        Assert.Equal("exceeds-share", problem.Code);
        Assert.Equal("requests-2022-18-partial.csv", problem.File);

        // The county's audit trail says so, once, and its next proposal is refused naming the request file until new requests come.
        var audit = await host.Get<CountyYearQueries>().AuditAsync(2022, "18", default);
        Assert.Single(audit, a => a.Action == "andelstal.requests-no-longer-fit" && a.Details.Contains("requests-2022-18-partial.csv", StringComparison.Ordinal));
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            host.Get<CountyYearService>().ProposeAsync(2022, "18", "test", null, DraftPurpose.Proposal, default));
        Assert.Contains(refused.Problems, p => p.File == "requests-2022-18-partial.csv" && p.Code == "exceeds-share");

        // The same file again: the same version, and the same county named, with no second audit line.
        var again = await shares.ImportSharesAsync(corrected, 2022, "test", default);
        Assert.False(again.Created);
        Assert.Single(again.RequestsNoLongerFit);
        audit = await host.Get<CountyYearQueries>().AuditAsync(2022, "18", default);
        Assert.Single(audit, a => a.Action == "andelstal.requests-no-longer-fit");
    }

    [Fact]
    public async Task A_transfer_of_a_whole_share_leaves_the_giver_at_zero_in_the_table_and_the_annex()
    {
        await using var host = new TestHost();
        var (decision, pdf, mail) = await PublishAsync(host, "requests-2022-18-whole.csv");
        AssertSums(decision.Shares!);
        Assert.Equal(PerMille.Zero, decision.Shares!.Row("1864")!.After);
        Assert.Contains("Ljusnarsberg 0,440\u00A0‰ \u22120,440\u00A0‰ 0,000\u00A0‰ Gemensam verksamhet", pdf, StringComparison.Ordinal);
        Assert.Contains("Lindesberg 2,258\u00A0‰ +0,440\u00A0‰ 2,698\u00A0‰", pdf, StringComparison.Ordinal);
        Assert.Contains("Ljusnarsberg lämnar 0,440\u00A0‰ av sitt andelstal till Lindesberg.", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revision_shows_the_previous_shares_and_a_new_transfer_alone_warrants_a_new_decision()
    {
        await using var host = new TestHost();
        var (first, _, _) = await PublishAsync(host, "requests-2022-18-lower.csv");
        await host.Get<ShareImportService>().ImportRequestsAsync(Data("requests-2022-18-partial.csv"), 2022, "18", "test", default);
        var countyYears = host.Get<CountyYearService>();
        await countyYears.ProposeAsync(2022, "18", "test", null, DraftPurpose.Proposal, default);
        await countyYears.DecideAsync(2022, "18", Request with { DecisionDate = new DateOnly(2021, 12, 1), Diarienummer = "851-1234-2021-2" }, "test", default);
        var outcome = await countyYears.PublishAsync(2022, "18", "test", default);
        Assert.Equal(2, outcome.Decision.Version);
        Assert.Equal(first.Shares!.Rows.Select(r => r.After), outcome.Decision.PreviousShares!.Rows.Select(r => r.After));
        AssertSums(outcome.Decision.Shares!);
        var pdf = await TextAsync(host, outcome);
        Assert.Contains("Bilagan visar för varje kommun också andelstalet enligt det beslut som detta beslut ersätter.", pdf, StringComparison.Ordinal);
        Assert.Contains("Tidigare beslut", pdf, StringComparison.Ordinal);
        Assert.Contains("Hallsberg 1,550\u00A0‰ 1,550\u00A0‰ \u22120,500\u00A0‰ 1,050\u00A0‰", pdf, StringComparison.Ordinal);
        Assert.Contains("Summa för länet 29,352\u00A0‰ 29,352\u00A0‰ 0,000\u00A0‰ 29,352\u00A0‰", pdf, StringComparison.Ordinal);
        var mail = await MailAsync(host, 2);
        Assert.Contains("Hallsberg lämnar 0,500\u00A0‰ av sitt andelstal till Örebro", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_shares_on_record_the_decision_and_the_email_say_nothing_about_them()
    {
        await using var host = new TestHost();
        var (decision, pdf, mail) = await PublishAsync(host, null, withShares: false);
        Assert.Null(decision.Shares);
        Assert.DoesNotContain(UnaccompaniedText.Heading, pdf, StringComparison.Ordinal);
        Assert.DoesNotContain("ensamkommande", mail.TextBody, StringComparison.Ordinal);
        var list = await host.Get<PublicDocumentsService>().ListAsync(2022, "18", null, default);
        Assert.DoesNotContain("andelstal", System.Text.Encoding.UTF8.GetString(list.Body), StringComparison.Ordinal);
    }
}
