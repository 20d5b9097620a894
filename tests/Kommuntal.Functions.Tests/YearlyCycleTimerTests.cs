using Kommuntal.Application.Ports;
using Kommuntal.Application.Services;
using Kommuntal.Core.Documents;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Testing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace Kommuntal.Functions.Tests;

public class YearlyCycleTimerTests
{
    [Theory]
    [InlineData("2021-10-01T06:00:00Z", 2022)]
    [InlineData("2021-06-30T21:59:59Z", 2021)] // 23:59:59 Swedish summer time, still June
    [InlineData("2021-06-30T22:00:00Z", 2022)] // 00:00 on 1 July in Sweden
    [InlineData("2022-01-10T06:00:00Z", 2022)]
    public void The_allocation_year_turns_in_July_Swedish_time(string utc, int year) =>
        Assert.Equal(year, Kommuntal.Application.AllocationYear.At(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public async Task Fired_twice_and_concurrently_the_timer_makes_one_proposal_per_county_and_one_set_of_emails()
    {
        await using var host = FunctionsHost.Create(now: new DateTimeOffset(2021, 10, 1, 4, 0, 0, TimeSpan.Zero)); // quota in, consultation time
        var timer = ActivatorUtilities.CreateInstance<YearlyRunFunction>(host.Services);

        await timer.Run(new TimerInfo(), default); // no quota yet: nothing happens
        Assert.Empty(await host.Get<ICountyYearStore>().ListStatesAsync(2022, default));

        await host.Get<QuotaImportService>().ImportAsync(Samples.Quota2022Csv, 2022, "test", default);
        await Task.WhenAll(timer.Run(new TimerInfo(), default), timer.Run(new TimerInfo { IsPastDue = true }, default));
        await timer.Run(new TimerInfo(), default);

        var store = host.Get<ICountyYearStore>();
        var states = await store.ListStatesAsync(2022, default);
        Assert.Equal(21, states.Count);
        Assert.All(states, s => Assert.Equal(CountyYearStatus.Proposal, s.Status));
        Assert.All(states, s => Assert.Equal(1, s.LatestDraft));
        var orebro = await store.LoadAsync(2022, "18", default);
        var draft = Assert.Single(orebro.Drafts);
        Assert.Equal(new DateOnly(2021, 10, 15), draft.Consultation!.Deadline); // 14 days after 1 October
        Assert.Equal("2022/18-orebro-lan/forslag-v1.pdf", draft.Consultation.Document.Path);
        Assert.Equal(12, orebro.Outbox.Count);
        Assert.All(orebro.Outbox, o => Assert.Equal(DocumentKind.Proposal, o.Kind));

        var dispatcher = host.Get<NotificationDispatcher>();
        await Task.WhenAll(dispatcher.DispatchAsync(default), dispatcher.DispatchAsync(default));
        await dispatcher.DispatchAsync(default);
        Assert.Equal(12, Directory.GetFiles(host.OutboxDirectory, "*.eml").Length);
        var audit = await store.ReadAuditAsync(2022, "18", default);
        Assert.Equal(["draft.created", "proposal.published"], audit.Where(a => !a.Action.StartsWith("notification.")).Select(a => a.Action));
    }
}
