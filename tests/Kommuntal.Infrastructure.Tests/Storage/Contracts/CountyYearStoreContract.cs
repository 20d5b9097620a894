using Kommuntal.Application;
using Kommuntal.Application.Ports;
using Kommuntal.Core.Allocation;
using Kommuntal.Core.Documents;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Core.Reference;
using Kommuntal.Core.Text;
using Kommuntal.Testing;
using Kommuntal.Testing.InMemory;

namespace Kommuntal.Infrastructure.Tests.Storage.Contracts;

/// <summary>What every <see cref="ICountyYearStore"/> does: the table store and its in-memory fake.</summary>
public abstract class CountyYearStoreContract : StoreContract<ICountyYearStore>
{
    internal static readonly DateTimeOffset Now = TestHost.DefaultNow;

    internal static Draft DraftFor(string county, int lanstal, DraftPurpose purpose = DraftPurpose.Proposal) => new()
    {
        Number = 0, QuotaVersion = 1, Lanstal = lanstal, Purpose = purpose, IndicatorsSource = "bundled", Deviations = [],
        Result = new KommuntalModel().Allocate(new AllocationRequest(2022, ReferenceData.Bundled.County(county), lanstal,
            ReferenceData.Bundled.MunicipalitiesIn(county), ReferenceData.BundledIndicators(2022), [], ModelParameters.Default)),
        CreatedBy = "test", CreatedAt = Now,
    };

    internal static readonly DecisionRequest Request = new(new DateOnly(2021, 11, 8), "851-1", "landshövdingen", "samordnaren");

    /// <summary>A first draft of a county-year not yet started.</summary>
    protected async Task<CountyYearSnapshot> StartAsync(string county = "18", int lanstal = 202, DraftPurpose purpose = DraftPurpose.Proposal)
    {
        var s = await Store.LoadAsync(2022, county, default);
        s = s with { State = CountyYearRules.Initial(2022, county, 1, lanstal) };
        return await Store.CommitAsync(s, CountyYearRules.AddDraft(s, DraftFor(county, lanstal, purpose), Now), default);
    }

    /// <summary>Started, decided and published (with <paramref name="outbox"/> queued).</summary>
    protected async Task<CountyYearSnapshot> PublishAsync(string county, int lanstal, params OutboxMessage[] outbox)
    {
        var s = await StartAsync(county, lanstal);
        s = await Store.CommitAsync(s, CountyYearRules.Decide(s, Request, "test", Now), default);
        var document = new PublishedDocument(DocumentKind.Decision, $"2022/{county}/beslut-v1.pdf", new string('a', 64), 1000, Now);
        return await Store.CommitAsync(s, CountyYearRules.Publish(s, document, outbox, "test", Now), default);
    }

    private static OutboxMessage Message(string id) => CountyYearStoreContractData.Message(id, "1880", NotificationStatus.Pending);

    [Fact]
    public async Task A_county_year_never_written_loads_as_nothing_without_an_ETag()
    {
        var s = await Store.LoadAsync(2022, "18", default);
        Assert.Equal(CountyYearStatus.None, s.State.Status);
        Assert.Null(s.ETag);
        Assert.Empty(s.Drafts);
        Assert.Empty(await Store.ListStatesAsync(2022, default));
        Assert.Empty(await Store.ReadAuditAsync(2022, "18", default));
    }

    [Fact]
    public async Task What_a_commit_returns_is_what_a_load_reads_back()
    {
        var committed = await StartAsync();
        committed = await Store.CommitAsync(committed, CountyYearRules.Decide(committed, Request, "test", Now), default);
        var read = await Store.LoadAsync(2022, "18", default);
        Assert.NotNull(read.ETag);
        Assert.Equal(committed.ETag, read.ETag);
        Assert.Equal(KommuntalJson.Serialize(committed), KommuntalJson.Serialize(read));
        Assert.All(read.CurrentDecision!.Numbers, n => Assert.NotNull(n.Explanation));
        Assert.Equal(["draft.created", "decision.decided"], (await Store.ReadAuditAsync(2022, "18", default)).Select(a => a.Action));
    }

    [Fact]
    public async Task A_stale_writer_gets_a_conflict_and_writes_nothing()
    {
        await StartAsync();
        var a = await Store.LoadAsync(2022, "18", default);
        var b = await Store.LoadAsync(2022, "18", default);
        await Store.CommitAsync(a, CountyYearRules.AddDraft(a, DraftFor("18", 202), Now), default);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Store.CommitAsync(b, CountyYearRules.AddDraft(b, DraftFor("18", 202, DraftPurpose.WhatIf), Now), default));
        var read = await Store.LoadAsync(2022, "18", default);
        Assert.Equal([DraftPurpose.Proposal, DraftPurpose.Proposal], read.Drafts.Select(d => d.Purpose));
        Assert.Equal(2, (await Store.ReadAuditAsync(2022, "18", default)).Count);
    }

    [Fact]
    public async Task Two_writers_starting_the_same_county_year_one_wins()
    {
        var empty = await Store.LoadAsync(2022, "18", default);
        var s = empty with { State = CountyYearRules.Initial(2022, "18", 1, 202) };
        await Store.CommitAsync(empty, CountyYearRules.AddDraft(s, DraftFor("18", 202), Now), default);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Store.CommitAsync(empty, CountyYearRules.AddDraft(s, DraftFor("18", 202), Now), default));
        Assert.Single((await Store.LoadAsync(2022, "18", default)).Drafts);
    }

    [Fact]
    public async Task A_change_that_cannot_be_written_whole_writes_nothing()
    {
        var empty = await Store.LoadAsync(2022, "18", default);
        var s = empty with { State = CountyYearRules.Initial(2022, "18", 1, 202) };
        var draft = CountyYearRules.AddDraft(s, DraftFor("18", 202), Now);
        var decide = CountyYearRules.Decide(s.Apply(draft, null), Request, "test", Now);
        // The same municipality twice: its second row cannot be inserted.
        var d = decide.Decisions.Single();
        var broken = draft.Then(decide with { Decisions = [d with { Numbers = [.. d.Numbers, d.Numbers[0]] }] });
        await Assert.ThrowsAnyAsync<Exception>(() => Store.CommitAsync(empty, broken, default));
        // Over 100 rows (the limit of a table transaction): refused before anything is written.
        var many = draft with { NewOutbox = [.. Enumerable.Range(1, 100).Select(i => Message($"m{i:D3}"))] };
        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.CommitAsync(empty, many, default));
        var read = await Store.LoadAsync(2022, "18", default);
        Assert.Null(read.ETag);
        Assert.Empty(read.Drafts);
        Assert.Empty(read.Decisions);
        Assert.Empty(read.Outbox);
        Assert.Empty(await Store.ReadAuditAsync(2022, "18", default));
    }

    [Fact]
    public async Task The_state_rows_of_a_year_are_listed_by_county_code()
    {
        await StartAsync("18", 202);
        await StartAsync("01", 1234);
        await Store.AppendAuditAsync(2022, "03", new AuditEntry(Now, "test", "note", "an audit line only"), default);
        var states = await Store.ListStatesAsync(2022, default);
        Assert.Equal(["01", "18"], states.Select(s => s.CountyCode));
        Assert.Equal([1234, 202], states.Select(s => s.Lanstal));
        Assert.Empty(await Store.ListStatesAsync(2023, default));
    }

    [Fact]
    public async Task Audit_lines_read_back_in_order_and_a_once_line_is_written_once()
    {
        using (Correlation.Begin("run-contract"))
        {
            await StartAsync();
            await Store.AppendAuditAsync(2022, "18", new AuditEntry(Now.AddMinutes(1), "test", "note", "later"), default);
            Assert.True(await Store.AppendAuditOnceAsync(2022, "18", "once-1", new AuditEntry(Now.AddMinutes(2), "test", "once", "first"), default));
            Assert.False(await Store.AppendAuditOnceAsync(2022, "18", "once-1", new AuditEntry(Now.AddMinutes(3), "test", "once", "again"), default));
        }
        var audit = await Store.ReadAuditAsync(2022, "18", default);
        Assert.Equal(["draft.created", "note", "once"], audit.Select(a => a.Action));
        Assert.Equal("first", audit[^1].Details);
        Assert.All(audit, a => Assert.Equal("run-contract", a.CorrelationId));
    }

    [Fact]
    public async Task Published_decisions_are_listed_by_year_county_and_version_without_their_explanations()
    {
        await PublishAsync("18", 202);
        await PublishAsync("01", 1234);
        var decided = await StartAsync("03", 300);
        await Store.CommitAsync(decided, CountyYearRules.Decide(decided, Request, "test", Now), default); // decided, not published
        var published = await Store.ListPublishedAsync(2022, default);
        Assert.Equal(["01", "18"], published.Select(p => p.CountyCode));
        Assert.All(published, p => Assert.Equal(DecisionStatus.Published, p.Decision.Status));
        Assert.All(published, p => Assert.All(p.Decision.Numbers, n => Assert.Null(n.Explanation)));
        Assert.Equal(202, published[1].Decision.Numbers.Sum(n => n.Kommuntal));
        Assert.Equal(2, (await Store.ListPublishedAsync(null, default)).Count);
        Assert.Empty(await Store.ListPublishedAsync(2023, default));
    }
}

public sealed class TableCountyYearStoreContractTests : CountyYearStoreContract
{
    protected override bool OnAzurite => true;
    protected override ICountyYearStore Create(TestHost? host) => host!.Get<ICountyYearStore>();
}

public sealed class InMemoryCountyYearStoreContractTests : CountyYearStoreContract
{
    protected override bool OnAzurite => false;
    protected override ICountyYearStore Create(TestHost? host) => new InMemoryCountyYearStore();
}
