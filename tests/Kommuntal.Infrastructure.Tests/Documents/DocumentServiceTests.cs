using Kommuntal.Application.Ports;
using Kommuntal.Application.Services;
using Kommuntal.Core.Documents;
using Kommuntal.Core.Ingestion;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Core.Reference;
using Kommuntal.Testing;

namespace Kommuntal.Infrastructure.Tests.Documents;

/// <summary>
/// <see cref="DocumentService"/> against stored quotas (Azurite) and county-years built with the
/// lifecycle rules: the document's facts come from the snapshot, the quota version the decision
/// used, and the options.
/// </summary>
public class DocumentServiceTests
{
    private const string ConfiguredAppeal = "Beslutet går att överklaga enligt den text som Länsstyrelsen har fastställt i inställningarna.";
    private static readonly DateTimeOffset Now = TestHost.DefaultNow;

    private static TestHost Host() => new(new Dictionary<string, string?>
    {
        ["Kommuntal:Documents:AppealHeading"] = "Hur man överklagar",
        ["Kommuntal:Documents:AppealText"] = ConfiguredAppeal,
        ["Kommuntal:Contacts:18:Email"] = "orebro@lansstyrelsen.se",
        ["Kommuntal:Contacts:18:PostalAddress"] = "Stortorget 22, 701 86 Örebro",
        ["Kommuntal:Cycle:ConsultationDays"] = "21",
    });

    private static async Task<QuotaVersion> ImportAsync(TestHost host, InputFile file) =>
        (await host.Get<QuotaImportService>().ImportAsync(file, 2022, "test", default)).Version;

    private static Draft DraftFor(int quotaVersion, int lanstal) => new()
    {
        Number = 0,
        QuotaVersion = quotaVersion,
        Lanstal = lanstal,
        Purpose = DraftPurpose.Proposal,
        IndicatorsSource = "bundled 2022",
        Deviations = [],
        Result = DocumentFixtures.Allocate(ReferenceData.Bundled.County("18"), lanstal),
        CreatedBy = "test",
        CreatedAt = Now,
    };

    /// <summary>Örebro län decided on the 2022 quota (länstal 202); the quota file's note names the amending statute, SFS 2021:870.</summary>
    private static async Task<CountyYearSnapshot> DecidedAsync(TestHost host, DecisionTexts? texts = null)
    {
        var quota = await ImportAsync(host, Samples.Quota2022Csv);
        var s = new CountyYearSnapshot(CountyYearRules.Initial(2022, "18", quota.Version, 202), [], [], [], null);
        s = s.Apply(CountyYearRules.AddDraft(s, DraftFor(quota.Version, 202), Now), null);
        return s.Apply(CountyYearRules.Decide(s, new DecisionRequest(new DateOnly(2021, 11, 8), "851-1234-2021", "landshövding Maria Larsson",
            "integrationssamordnare Ingela Fredriksson", texts), "test", Now), null);
    }

    private static string Text(byte[] pdf)
    {
        using var read = new PdfInspection(pdf);
        return read.ContentText();
    }

    [Fact]
    public async Task A_decision_is_written_from_its_quota_version_with_the_configured_appeal_text_unless_the_decision_overrides_it()
    {
        await using var host = Host();
        var snapshot = await DecidedAsync(host);
        var pdf = await host.Get<DocumentService>().RenderDecisionAsync(snapshot, snapshot.CurrentDecision!, default);
        var text = Text(pdf);
        Assert.Contains("förordningen (2016:40) om fördelning av anvisningar till kommuner, i lydelsen enligt SFS 2021:870, bestämt att 7\u00A0500 nyanlända", text, StringComparison.Ordinal);
        Assert.Contains($"Hur man överklagar {ConfiguredAppeal}", text, StringComparison.Ordinal);
        using (var read = new PdfInspection(pdf))
            Assert.Contains("Länsstyrelsen i Örebro län · Stortorget 22, 701 86 Örebro", string.Concat(read.Pages[0].Letters.Select(l => l.Value)), StringComparison.Ordinal); // the page footer

        await using var other = Host();
        const string own = "Detta beslut får enligt Länsstyrelsens bedömning inte överklagas.";
        const string consultation = "Länsstyrelsen skickade förslaget till kommunerna den 4 oktober 2021. Fem kommuner lämnade synpunkter.";
        var overridden = await DecidedAsync(other, new DecisionTexts { Appeal = own, ConsultationSummary = consultation, Reasons = "Länsstyrelsen har särskilt beaktat bostadsläget." });
        var content = await other.Get<DocumentService>().DecisionContentAsync(overridden, overridden.CurrentDecision!, default);
        Assert.Equal(own, content.AppealText);
        text = Text(await other.Get<DocumentService>().RenderDecisionAsync(overridden, overridden.CurrentDecision!, default));
        Assert.Contains($"Hur man överklagar {own}", text, StringComparison.Ordinal);
        Assert.DoesNotContain(ConfiguredAppeal, text, StringComparison.Ordinal);
        Assert.Contains(consultation, text, StringComparison.Ordinal);
        Assert.Contains("Länsstyrelsen har särskilt beaktat bostadsläget.", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revision_names_the_decision_it_replaces_with_its_numbers_and_each_version_keeps_its_own_quota()
    {
        await using var host = Host();
        var snapshot = await DecidedAsync(host);
        var first = snapshot.CurrentDecision!;
        snapshot = snapshot.Apply(CountyYearRules.Publish(snapshot, new PublishedDocument(DocumentKind.Decision, "2022/18-orebro-lan/beslut-v1.pdf", new string('0', 64), 1, Now), [], "test", Now), null);

        // Test revision: the 2022 quota with Örebro län's länstal changed from 202 to 160 (no statute named).
        var revised = string.Join("\n", File.ReadAllLines(Samples.Path("samples", "2022", "lanstal-2022.csv"))
            .Where(l => !l.StartsWith('#')).Select(l => l.StartsWith("18,", StringComparison.Ordinal) ? "18,Örebro län,160" : l));
        var quota2 = await ImportAsync(host, InputFile.FromText("lanstal-2022-test-revision.csv", revised));
        Assert.Equal(2, quota2.Version);
        snapshot = snapshot.Apply(CountyYearRules.ApplyQuotaRevision(snapshot, quota2.Version, 160, "test", Now), null);
        snapshot = snapshot.Apply(CountyYearRules.AddDraft(snapshot, DraftFor(quota2.Version, 160), Now), null);
        snapshot = snapshot.Apply(CountyYearRules.Decide(snapshot, new DecisionRequest(new DateOnly(2022, 3, 15), "851-2222-2022", "landshövding Maria Larsson", "integrationssamordnare Ingela Fredriksson"), "test", Now), null);
        var second = snapshot.CurrentDecision!;
        Assert.Equal(2, second.Version);

        var service = host.Get<DocumentService>();
        var content = await service.DecisionContentAsync(snapshot, second, default);
        Assert.Equal(new DateOnly(2021, 11, 8), content.Replaces!.DecisionDate);
        Assert.Equal(("851-1234-2021", 202, 1), (content.Replaces.Diarienummer, content.Replaces.Lanstal, content.Replaces.Version));
        Assert.Equal(first.Numbers.ToDictionary(n => n.MunicipalityCode, n => n.Kommuntal), content.Replaces.Numbers);
        Assert.Equal((7458, (string?)null), (content.NationalTotal, content.StatuteReference));

        var text = Text(await service.RenderDecisionAsync(snapshot, second, default));
        Assert.Contains("förordningen (2016:40) om fördelning av anvisningar till kommuner bestämt att 7\u00A0458 nyanlända", text, StringComparison.Ordinal);
        Assert.Contains("Beslutet ersätter Länsstyrelsens beslut den 8 november 2021 med diarienummer 851-1234-2021.", text, StringComparison.Ordinal);
        Assert.Contains("Regeringen har därefter ändrat länstalet för Örebro län till 160.", text, StringComparison.Ordinal);
        Assert.Contains("Totalt (länstal) 202 −42 160", text, StringComparison.Ordinal);

        // The superseded decision still renders as it was: its own quota version, no revision table.
        var old = Text(await service.RenderDecisionAsync(snapshot, snapshot.Decisions.Single(d => d.Version == 1), default));
        Assert.Contains("förordningen (2016:40) om fördelning av anvisningar till kommuner, i lydelsen enligt SFS 2021:870, bestämt att 7\u00A0500 nyanlända", old, StringComparison.Ordinal);
        Assert.Contains("Totalt (länstal) 202", old, StringComparison.Ordinal);
        Assert.DoesNotContain("Tidigare kommuntal", old, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_proposal_is_dated_from_its_draft_with_the_configured_answer_period_and_the_board_address()
    {
        await using var host = Host();
        var snapshot = await DecidedAsync(host);
        var draft = snapshot.LatestDraft!;
        var service = host.Get<DocumentService>();

        var content = await service.ProposalContentAsync(snapshot, draft, null, default);
        Assert.Equal((new DateOnly(2021, 11, 4), new DateOnly(2021, 11, 25)), (content.DecisionDate!.Value, content.ConsultationDeadline!.Value));
        var text = Text(await service.RenderProposalAsync(snapshot, draft, new ProposalDetails(Deadline: new DateOnly(2021, 11, 19), Diarienummer: "851-1234-2021"), default));
        Assert.StartsWith("Länsstyrelsen i Örebro län FÖRSLAG Datum 4 november 2021 Diarienummer 851-1234-2021 Svar senast 19 november 2021", text, StringComparison.Ordinal);
        Assert.Contains("Lämna kommunens synpunkter senast den 19 november 2021 per e-post till orebro@lansstyrelsen.se eller per post till Länsstyrelsen i Örebro län, Stortorget 22, 701 86 Örebro. Ange diarienummer 851-1234-2021 i svaret.", text, StringComparison.Ordinal);
        var late = await Assert.ThrowsAsync<Kommuntal.Core.Validation.ValidationFailedException>(() =>
            service.RenderProposalAsync(snapshot, draft, new ProposalDetails(Deadline: new DateOnly(2021, 11, 1)), default));
        Assert.Equal(("deadline", "deadline-before-date"), (late.Problems.Single().Field, late.Problems.Single().Code));
    }

    [Fact]
    public async Task Without_a_written_consultation_summary_the_decision_states_the_consultation_on_record()
    {
        await using var host = Host();
        var quota = await ImportAsync(host, Samples.Quota2022Csv);
        var s = new CountyYearSnapshot(CountyYearRules.Initial(2022, "18", quota.Version, 202), [], [], [], null);
        s = s.Apply(CountyYearRules.AddDraft(s, DraftFor(quota.Version, 202), Now), null);
        var sentAt = new DateTimeOffset(2021, 10, 4, 9, 0, 0, TimeSpan.Zero);
        s = s.Apply(CountyYearRules.PublishProposal(s, 1, new PublishedDocument(DocumentKind.Proposal, "2022/18-orebro-lan/forslag-v1.pdf", new string('0', 64), 1, sentAt),
            new DateOnly(2021, 10, 25), [], "test", sentAt), null);
        s = s.Apply(CountyYearRules.Decide(s, new DecisionRequest(new DateOnly(2021, 11, 8), "851-1234-2021", "landshövding Maria Larsson",
            "integrationssamordnare Ingela Fredriksson"), "test", Now), null);
        var text = Text(await host.Get<DocumentService>().RenderDecisionAsync(s, s.CurrentDecision!, default));
        Assert.Contains("Länsstyrelsen skickade den 4 oktober 2021 ett förslag till fördelning på samråd till kommunerna i länet med sista svarsdag den 25 oktober 2021.", text, StringComparison.Ordinal);
    }
}
