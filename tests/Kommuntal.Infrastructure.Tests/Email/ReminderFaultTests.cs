using Kommuntal.Application.Ports;
using Kommuntal.Application.Services;
using Kommuntal.Testing;

namespace Kommuntal.Infrastructure.Tests.Email;

/// <summary>
/// A reminder is an outbox row and an audit line ("reminder.queued"), written in one transaction:
/// whatever storage request of a reminder run fails, and however (the request lost, or carried out
/// with its answer lost), a second run leaves each reminded county with exactly one reminder row and
/// exactly one audit line. Written as two requests (the row, then the line), a fault on the second
/// lost the line for good: the re-run found the row and wrote nothing.
/// </summary>
public class ReminderFaultTests
{
    private static readonly Dictionary<string, string?> Coordinators = new()
    {
        ["Kommuntal:Contacts:18:CoordinatorEmail"] = "samordnare.orebro@lansstyrelsen.example",
        ["Kommuntal:Contacts:01:CoordinatorEmail"] = "samordnare.stockholm@lansstyrelsen.example",
    };

    /// <summary>Monday 1 November 2021, 07:00 Swedish time: two weeks before the deadline of 15 November.</summary>
    private static readonly DateTimeOffset InWindow = new(2021, 11, 1, 6, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(FaultKind.Timeout)]
    [InlineData(FaultKind.ConnectionReset)]
    [InlineData(FaultKind.ServerError)]
    public async Task Every_fault_point_of_a_reminder_run_leaves_one_row_and_one_audit_line_per_county_after_a_rerun(FaultKind kind)
    {
        var clean = await RunAsync(null);
        Assert.Equal(["01", "18"], clean.Queued);
        var points = clean.Attempts;
        Assert.InRange(points, 20, 200);
        var lost = new List<string>();
        for (var n = 1; n <= points; n++)
        {
            var fault = new FaultInjectionPolicy { FailAt = n, Kind = kind };
            var outcome = await RunAsync(fault);
            Assert.True(fault.Injected is not null, $"fault point {n} ({kind}) was never reached");
            foreach (var county in new[] { "01", "18" })
            {
                var (rows, lines) = outcome.Stored[county];
                if ((rows, lines) != (1, 1)) lost.Add($"{fault.Injected}: county {county} has {rows} reminder rows and {lines} reminder.queued lines");
            }
        }
        Assert.True(lost.Count == 0, string.Join("\n", lost));
    }

    private sealed record Outcome(int Attempts, IReadOnlyList<string> Queued, IReadOnlyDictionary<string, (int Rows, int Lines)> Stored);

    /// <summary>
    /// Imports the quota, runs the reminders (with the fault, if any: the run may end with it), then
    /// runs them again in a new process without faults, and counts what is stored.
    /// </summary>
    private static async Task<Outcome> RunAsync(FaultInjectionPolicy? fault)
    {
        var prefix = TestStorage.NewPrefix();
        await using (var setup = new TestHost(Coordinators, prefix: prefix, now: InWindow))
            await setup.Get<QuotaImportService>().ImportAsync(Samples.Quota2022Csv, 2022, "test", default);
        var counter = fault ?? new FaultInjectionPolicy();
        IReadOnlyList<string> queued = [];
        try
        {
            await using var host = new TestHost(Coordinators, prefix: prefix, now: InWindow, storagePolicies: [counter]);
            queued = (await host.Get<ReminderService>().RemindAsync(2022, default)).Queued;
        }
        catch (Exception) when (fault is not null)
        {
            // the faulted run may end here: what matters is the state after the next one
        }
        await using var again = new TestHost(Coordinators, prefix: prefix, now: InWindow.AddMinutes(11));
        await again.Get<ReminderService>().RemindAsync(2022, default);
        var store = again.Get<ICountyYearStore>();
        var stored = new Dictionary<string, (int, int)>();
        foreach (var county in new[] { "01", "18" })
        {
            var rows = (await store.LoadAsync(2022, county, default)).Outbox.Count(o => o.RecipientKey == "coordinator");
            var lines = (await store.ReadAuditAsync(2022, county, default)).Count(a => a.Action == "reminder.queued");
            stored[county] = (rows, lines);
        }
        return new Outcome(counter.Attempts, queued.Order(StringComparer.Ordinal).ToList(), stored);
    }
}
