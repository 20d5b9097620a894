using Kommuntal.Application.Ports;
using Kommuntal.Application.Services;
using Kommuntal.Core.Documents;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Core.Text;
using Kommuntal.Testing;
using Kommuntal.Testing.InMemory;
using UglyToad.PdfPig;

namespace Kommuntal.Application.Tests;

/// <summary>The county-year use cases of <see cref="CountyYearService"/>, the one writer of county-year state, on the in-memory ports.</summary>
public class CountyYearServiceTests
{
    private static readonly DecisionRequest Request = new(new DateOnly(2021, 11, 8), "851-1234-2021", "landshövding Maria Larsson", "integrationssamordnare Ingela Fredriksson");

    private static async Task<CountyYearService> QuotaInAsync(InMemoryHost host)
    {
        await host.Get<QuotaImportService>().ImportAsync(Samples.Quota2022Csv, 2022, "test", default);
        return host.Get<CountyYearService>();
    }

    [Fact]
    public async Task A_proposal_is_decided_and_published_one_transaction_each_with_its_document_outbox_and_index()
    {
        await using var host = new InMemoryHost();
        var service = await QuotaInAsync(host);
        var (_, draft) = await service.ProposeAsync(2022, "18", "samordnaren", null, DraftPurpose.Proposal, default);
        Assert.Equal((1, DraftPurpose.Proposal, 202), (draft.Number, draft.Purpose, draft.Lanstal));
        var (_, whatIf) = await service.ProposeAsync(2022, "18", "samordnaren", null, DraftPurpose.WhatIf, default);
        Assert.Equal(DraftPurpose.WhatIf, whatIf.Purpose);
        var (_, decision) = await service.DecideAsync(2022, "18", Request, "samordnaren", default);
        Assert.Equal(1, decision.DraftNumber); // the latest proposal, not the what-if
        var outcome = await service.PublishAsync(2022, "18", "samordnaren", default);

        Assert.Equal("2022/18-orebro-lan/beslut-v1.pdf", outcome.Document.Path);
        Assert.False(outcome.Document.AlreadyExisted);
        Assert.Equal(12, outcome.Queued.Count);
        Assert.Empty(outcome.WithoutAddress);
        using (var pdf = PdfDocument.Open((await host.Documents.ReadAsync(outcome.Document.Path, default))!))
            Assert.Contains("Laxå", string.Join(" ", pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text)));
        var stored = await host.CountyYears.LoadAsync(2022, "18", default);
        Assert.Equal(outcome.ETag, stored.ETag);
        Assert.Equal(CountyYearStatus.Published, stored.State.Status);
        Assert.Equal(outcome.Document.Sha256, stored.CurrentDecision!.Document!.Sha256);
        Assert.Equal(["draft.created", "draft.created", "decision.decided", "decision.published"],
            (await host.CountyYears.ReadAuditAsync(2022, "18", default)).Select(a => a.Action));
        Assert.Equal(4, host.CountyYears.Commits.Count(c => c.CountyCode == "18"));
        var index = await host.Index.ReadAsync(PublicationPaths.IndexYear(2022), null, default);
        Assert.Equal(IndexReadStatus.Found, index.Status);
        Assert.Contains(outcome.Document.Sha256, System.Text.Encoding.UTF8.GetString(index.Content!));
    }

    [Fact]
    public async Task A_what_if_is_neither_decided_nor_sent_for_consultation()
    {
        await using var host = new InMemoryHost();
        var service = await QuotaInAsync(host);
        await service.ProposeAsync(2022, "18", "samordnaren", null, DraftPurpose.WhatIf, default);
        Assert.Equal("no-proposal", (await Assert.ThrowsAsync<InvalidTransitionException>(() => service.DecideAsync(2022, "18", Request, "samordnaren", default))).Code);
        Assert.Equal("not-a-proposal", (await Assert.ThrowsAsync<InvalidTransitionException>(
            () => service.DecideAsync(2022, "18", Request with { DraftNumber = 1 }, "samordnaren", default))).Code);
        await Assert.ThrowsAsync<InvalidTransitionException>(() => service.PublishProposalAsync(2022, "18", 1, null, "samordnaren", default));
        Assert.Empty(host.Documents.Paths);
        Assert.Single(host.CountyYears.Commits);
    }

    [Fact]
    public async Task A_stale_caller_gets_a_conflict_before_anything_is_computed_or_written()
    {
        await using var host = new InMemoryHost();
        var service = await QuotaInAsync(host);
        var (first, _) = await service.ProposeAsync(2022, "18", "samordnaren", null, DraftPurpose.Proposal, default);
        await service.ProposeAsync(2022, "18", "någon annan", null, DraftPurpose.Proposal, default);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => service.DecideAsync(2022, "18", Request, "samordnaren", first.ETag, default));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => service.ProposeAsync(2022, "18", "samordnaren", null, DraftPurpose.WhatIf, first.ETag, default));
        Assert.Equal(2, host.CountyYears.Commits.Count);
    }

    [Fact]
    public async Task A_year_without_a_quota_is_a_missing_input()
    {
        await using var host = new InMemoryHost();
        var ex = await Assert.ThrowsAsync<Core.Validation.MissingInputException>(
            () => host.Get<CountyYearService>().ProposeAsync(2022, "18", "samordnaren", null, DraftPurpose.Proposal, default));
        Assert.Equal("missing-quota", ex.Code);
        Assert.Empty(host.CountyYears.Commits);
    }

    [Fact]
    public async Task A_different_document_at_the_path_is_refused_audited_once_and_the_same_bytes_are_adopted()
    {
        await using var host = new InMemoryHost();
        var service = await QuotaInAsync(host);
        await service.ProposeAsync(2022, "18", "samordnaren", null, DraftPurpose.Proposal, default);
        var (snapshot, decision) = await service.DecideAsync(2022, "18", Request, "samordnaren", default);
        var rendered = await host.Get<DocumentService>().RenderDecisionAsync(snapshot, decision, default);
        var path = PublicationPaths.Document(2022, Core.Reference.ReferenceData.Bundled.County("18"), DocumentKind.Decision, 1);
        var forged = rendered.ToArray();
        forged[forged.Length / 2] ^= 0x20;
        host.Documents.Plant(path, forged, DeterministicId.Sha256Hex(rendered));

        for (var attempt = 0; attempt < 2; attempt++)
            await Assert.ThrowsAsync<PublishedDocumentConflictException>(() => service.PublishAsync(2022, "18", "samordnaren", default));
        Assert.Single(await host.CountyYears.ReadAuditAsync(2022, "18", default), a => a.Action == "document.conflict");
        Assert.Equal(CountyYearStatus.Decided, (await host.CountyYears.LoadAsync(2022, "18", default)).State.Status);

        host.Documents.Plant(path, rendered); // what an attempt interrupted after its upload leaves
        var outcome = await service.PublishAsync(2022, "18", "samordnaren", default);
        Assert.True(outcome.Document.AlreadyExisted);
        Assert.Equal(DeterministicId.Sha256Hex(rendered), outcome.Decision.Document!.Sha256);
    }

    [Fact]
    public async Task A_proposal_sent_for_consultation_queues_one_message_per_address_and_records_the_deadline()
    {
        await using var host = new InMemoryHost();
        var service = await QuotaInAsync(host);
        await service.ProposeAsync(2022, "18", "samordnaren", null, DraftPurpose.Proposal, default);
        var sent = await service.PublishProposalAsync(2022, "18", null, new DateOnly(2021, 11, 20), "samordnaren", default);
        Assert.Equal("2022/18-orebro-lan/forslag-v1.pdf", sent.Document.Path);
        Assert.Equal(new DateOnly(2021, 11, 20), sent.Draft.Consultation!.Deadline);
        Assert.Equal(12, sent.Queued.Count);
        Assert.All(sent.Queued, o => Assert.Equal(DocumentKind.Proposal, o.Kind));
        await Assert.ThrowsAsync<InvalidTransitionException>(() => service.PublishProposalAsync(2022, "18", 1, null, "samordnaren", default));
    }

    [Fact]
    public async Task A_quota_revision_moves_started_county_years_to_their_new_lanstal_and_flags_decided_ones()
    {
        await using var host = new InMemoryHost();
        var service = await QuotaInAsync(host);
        await service.ProposeAsync(2022, "18", "samordnaren", null, DraftPurpose.Proposal, default);
        await service.DecideAsync(2022, "18", Request, "samordnaren", default);
        await service.PublishAsync(2022, "18", "samordnaren", default);
        await service.ProposeAsync(2022, "01", "samordnaren", null, DraftPurpose.Proposal, default);

        // The test revision changes 01, 09, 12 and 18: 18 is published, 01 has a proposal, 09 and 12 are not started.
        var outcome = await host.Get<QuotaImportService>().ImportAsync(IngestionSamples.Revision2022, 2022, "test", default);
        Assert.Equal(["01", "09", "12", "18"], outcome.ChangedCounties);
        Assert.Equal(["18"], outcome.FlaggedCounties);
        var orebro = (await host.CountyYears.LoadAsync(2022, "18", default)).State;
        Assert.Equal((212, 2, true), (orebro.Lanstal, orebro.QuotaVersion, orebro.NeedsNewDecision));
        var stockholm = (await host.CountyYears.LoadAsync(2022, "01", default)).State;
        Assert.False(stockholm.NeedsNewDecision);
        Assert.Equal(2, stockholm.QuotaVersion);
        Assert.Equal(CountyYearStatus.None, (await host.CountyYears.LoadAsync(2022, "09", default)).State.Status); // not started: left alone

        var again = await host.Get<QuotaImportService>().ImportAsync(IngestionSamples.Revision2022, 2022, "test", default);
        Assert.False(again.Created);
        Assert.Empty(again.FlaggedCounties);
    }
}
