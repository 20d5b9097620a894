using Kommuntal.Application.Ports;
using Kommuntal.Application.Services;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Testing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Kommuntal.Functions.Tests;

public class ReminderTimerTests
{
    private static readonly Dictionary<string, string?> Coordinators = new()
    {
        ["Kommuntal:Contacts:18:CoordinatorEmail"] = "samordnare.orebro@lansstyrelsen.example",
        ["Kommuntal:Contacts:01:CoordinatorEmail"] = "samordnare.stockholm@lansstyrelsen.example",
        ["Kommuntal:Contacts:03:CoordinatorEmail"] = "samordnare.uppsala@lansstyrelsen.example",
    };

    private static DecisionRequest Decision(string dnr) =>
        new(new DateOnly(2021, 10, 28), dnr, "landshövding Maria Larsson", "integrationssamordnare Ingela Fredriksson");

    [Fact]
    public void The_reminder_timer_runs_on_its_app_setting_schedule_and_not_on_startup()
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata")));
        var function = doc.RootElement.EnumerateArray().Single(f => f.GetProperty("name").GetString() == "Reminders");
        var trigger = function.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "timerTrigger");
        Assert.Equal("%Schedules:Reminders%", trigger.GetProperty("schedule").GetString());
        Assert.False(trigger.GetProperty("runOnStartup").GetBoolean());
    }

    [Fact]
    public async Task Undecided_counties_are_reminded_once_from_two_weeks_before_the_deadline_however_often_the_timer_fires()
    {
        // Friday 29 October 2021: 17 days before 15 November, outside the window.
        await using var host = FunctionsHost.Create(now: new DateTimeOffset(2021, 10, 29, 6, 0, 0, TimeSpan.Zero), settings: Coordinators);
        await host.Get<QuotaImportService>().ImportAsync(Samples.Quota2022Csv, 2022, "test", default);
        var countyYears = host.Get<CountyYearService>();
        // Uppsala län decided in time; Örebro and Stockholm have a proposal or nothing.
        await countyYears.ProposeAsync(2022, "03", "test", null, DraftPurpose.Proposal, default);
        await countyYears.DecideAsync(2022, "03", Decision("451-1-2021"), "test", default);
        await countyYears.ProposeAsync(2022, "18", "test", null, DraftPurpose.Proposal, default);

        var timer = ActivatorUtilities.CreateInstance<ReminderFunction>(host.Services);
        await timer.Run(new TimerInfo(), default);
        Assert.False(Directory.Exists(host.OutboxDirectory) && Directory.GetFiles(host.OutboxDirectory, "*.eml").Length > 0);

        // Monday 1 November 2021, 07:00 Swedish time: the window opens. Fired twice at once, then daily.
        host.Clock.SetUtcNow(new DateTimeOffset(2021, 11, 1, 6, 0, 0, TimeSpan.Zero));
        await Task.WhenAll(timer.Run(new TimerInfo(), default), timer.Run(new TimerInfo { IsPastDue = true }, default));
        host.Clock.Advance(TimeSpan.FromDays(1));
        await timer.Run(new TimerInfo(), default);

        var mails = Directory.GetFiles(host.OutboxDirectory, "*.eml").Select(f => MimeMessage.Load(f)).ToList();
        Assert.Equal(["samordnare.orebro@lansstyrelsen.example", "samordnare.stockholm@lansstyrelsen.example"],
            mails.Select(m => m.To.Mailboxes.Single().Address).Order(StringComparer.Ordinal));
        var orebro = mails.Single(m => m.To.Mailboxes.Single().Address.Contains("orebro", StringComparison.Ordinal));
        Assert.Equal("Påminnelse: Beslut om fördelning av anvisningar år 2022 till kommuner i Örebro län ska fattas senast 15 november 2021", orebro.Subject);
        Assert.Contains("Länstalet är 202.", orebro.TextBody, StringComparison.Ordinal);
        Assert.Contains("Förslag 1 finns men har inte skickats på samråd.", orebro.TextBody, StringComparison.Ordinal);
        var stockholm = mails.Single(m => m.To.Mailboxes.Single().Address.Contains("stockholm", StringComparison.Ordinal));
        Assert.Contains("Inget förslag har beräknats ännu.", stockholm.TextBody, StringComparison.Ordinal);

        // Every other undecided county has no coordinator address: nothing queued for them; the reminder is on record once.
        var store = host.Get<ICountyYearStore>();
        var audit = await store.ReadAuditAsync(2022, "18", default);
        Assert.Single(audit, a => a.Action == "reminder.queued");
        Assert.Single(audit, a => a.Action == "notification.sent" && a.Details.Contains(CoordinatorMessages.ReminderId(2022, "18", new DateOnly(2021, 11, 15)), StringComparison.Ordinal));
        Assert.DoesNotContain(await store.ReadAuditAsync(2022, "03", default), a => a.Action == "reminder.queued");
        var report = await host.Get<ReminderService>().RemindAsync(2022, default);
        Assert.True(report.InWindow);
        Assert.Empty(report.Queued);
        Assert.Equal(18, report.WithoutAddress.Count); // 21 counties, Uppsala decided, Örebro and Stockholm already reminded
    }

    [Fact]
    public async Task After_the_deadline_nobody_is_reminded()
    {
        await using var host = FunctionsHost.Create(now: new DateTimeOffset(2021, 11, 16, 6, 0, 0, TimeSpan.Zero), settings: Coordinators);
        await host.Get<QuotaImportService>().ImportAsync(Samples.Quota2022Csv, 2022, "test", default);
        var report = await host.Get<ReminderService>().RemindAsync(2022, default);
        Assert.False(report.InWindow);
        Assert.Equal(new DateOnly(2021, 11, 15), report.Deadline);
        Assert.Empty(await host.Get<ICountyYearStore>().ListStatesAsync(2022, default));
    }
}
