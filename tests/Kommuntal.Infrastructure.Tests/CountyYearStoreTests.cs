using Azure.Data.Tables;
using Kommuntal.Application.Ports;
using Kommuntal.Core.Allocation;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Core.Reference;
using Kommuntal.Infrastructure.Storage;
using Kommuntal.Testing;

namespace Kommuntal.Infrastructure.Tests;

public class CountyYearStoreTests
{
    private static Draft DraftFor(int lanstal, DateTimeOffset now) => new()
    {
        Number = 0, QuotaVersion = 1, Lanstal = lanstal, Purpose = DraftPurpose.Proposal, IndicatorsSource = "bundled", Deviations = [],
        Result = new KommuntalModel().Allocate(new AllocationRequest(2022, ReferenceData.Bundled.County("18"), lanstal,
            ReferenceData.Bundled.MunicipalitiesIn("18"), ReferenceData.BundledIndicators(2022), [], ModelParameters.Default)),
        CreatedBy = "test", CreatedAt = now,
    };

    [Fact]
    public async Task A_draft_and_decision_commit_and_read_back_with_every_number_and_explanation()
    {
        await using var host = new TestHost();
        var store = host.Get<ICountyYearStore>();
        var now = host.Clock.GetUtcNow();
        var s = await store.LoadAsync(2022, "18", default);
        Assert.Equal(CountyYearStatus.None, s.State.Status);
        s = await store.CommitAsync(s, CountyYearRules.AddDraft(s with { State = CountyYearRules.Initial(2022, "18", 1, 202) }, DraftFor(202, now), now), default);
        s = await store.CommitAsync(s, CountyYearRules.Decide(s, new DecisionRequest(new DateOnly(2021, 11, 8), "dnr", "a", "b"), "test", now), default);

        var read = await store.LoadAsync(2022, "18", default);
        Assert.Equal(CountyYearStatus.Decided, read.State.Status);
        Assert.Equal(s.ETag, read.ETag);
        var decision = Assert.Single(read.Decisions);
        Assert.Equal(12, decision.Numbers.Count);
        Assert.Equal(202, decision.Numbers.Sum(n => n.Kommuntal));
        Assert.All(decision.Numbers, n => Assert.NotNull(n.Explanation));
        Assert.Equal(s.Drafts.Single().Result.Municipalities.Select(m => m.Kommuntal), read.Drafts.Single().Result.Municipalities.Select(m => m.Kommuntal));
        var audit = await store.ReadAuditAsync(2022, "18", default);
        Assert.Equal(["draft.created", "decision.decided"], audit.Select(a => a.Action));
    }

    [Fact]
    public async Task A_failing_transaction_leaves_nothing_behind()
    {
        await using var host = new TestHost();
        var store = host.Get<ICountyYearStore>();
        var now = host.Clock.GetUtcNow();
        var s = await store.LoadAsync(2022, "18", default);
        s = s with { State = CountyYearRules.Initial(2022, "18", 1, 202) };
        var change = CountyYearRules.AddDraft(s, DraftFor(202, now), now);
        var drafted = s.Apply(change, null);
        var decide = CountyYearRules.Decide(drafted, new DecisionRequest(new DateOnly(2021, 11, 8), "dnr", "a", "b"), "test", now);
        // Corrupt the change: the same municipality twice makes the 2nd insert of its row fail inside the transaction.
        var d = decide.Decisions.Single();
        var broken = change.Then(decide with { Decisions = [d with { Numbers = [.. d.Numbers, d.Numbers[0]] }] });

        await Assert.ThrowsAnyAsync<Exception>(() => store.CommitAsync(s, broken, default));

        var count = 0;
        await foreach (var _ in host.Get<StorageClients>().CountyYears.QueryAsync<TableEntity>(e => e.PartitionKey == "2022-18")) count++;
        Assert.Equal(0, count);
    }

    [Fact]
    public async Task A_stale_writer_gets_a_conflict_not_a_silent_overwrite()
    {
        await using var host = new TestHost();
        var store = host.Get<ICountyYearStore>();
        var now = host.Clock.GetUtcNow();
        var s = await store.LoadAsync(2022, "18", default);
        s = await store.CommitAsync(s, CountyYearRules.AddDraft(s with { State = CountyYearRules.Initial(2022, "18", 1, 202) }, DraftFor(202, now), now), default);
        var a = await store.LoadAsync(2022, "18", default);
        var b = await store.LoadAsync(2022, "18", default);
        await store.CommitAsync(a, CountyYearRules.AddDraft(a, DraftFor(202, now), now), default);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.CommitAsync(b, CountyYearRules.AddDraft(b, DraftFor(202, now), now), default));
        Assert.Equal(2, (await store.LoadAsync(2022, "18", default)).Drafts.Count);
    }

    [Fact]
    public void A_transaction_spanning_two_partitions_is_refused_before_it_reaches_storage()
    {
        var transaction = new TableTransaction(new TableClient(TestStorage.ConnectionString, "nothingissent"), "2022-18").Add(new TableEntity("2022-18", "a"));
        var ex = Assert.Throws<InvalidOperationException>(() => transaction.Add(new TableEntity("2022-19", "b")));
        Assert.Contains("one partition", ex.Message);
    }
}
