using Kommuntal.Application.Ports;
using Kommuntal.Application.Services;
using Kommuntal.Testing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Kommuntal.Functions.Tests;

/// <summary>The monthly fulfilment message to the coordinators (issue 19), through the outbox to the .eml outbox.</summary>
public class FulfilmentReminderTimerTests
{
    private static readonly Dictionary<string, string?> Coordinators = new()
    {
        ["Kommuntal:Contacts:18:CoordinatorEmail"] = "samordnare.orebro@lansstyrelsen.example",
    };

    [Fact]
    public void The_timer_runs_on_its_app_setting_schedule_which_the_Bicep_template_sets()
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata")));
        var function = doc.RootElement.EnumerateArray().Single(f => f.GetProperty("name").GetString() == "FulfilmentReminders");
        var trigger = function.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "timerTrigger");
        Assert.Equal("%Schedules:FulfilmentReminders%", trigger.GetProperty("schedule").GetString());
        Assert.False(trigger.GetProperty("runOnStartup").GetBoolean());
        var bicep = File.ReadAllText(Samples.Path("infra", "main.bicep"));
        Assert.Contains("name: 'Schedules__FulfilmentReminders'\n    value: scheduleFulfilmentReminders", bicep.Replace("\r\n", "\n"));
        Assert.Contains("param scheduleFulfilmentReminders string = '0 0 7 * * 1-5'", bicep);
    }

    [Fact]
    public async Task Each_coordinator_gets_one_message_per_period_however_often_the_timer_fires()
    {
        // Tuesday 5 July 2022: the statistics up to June are in.
        await using var host = FunctionsHost.Create(now: new DateTimeOffset(2022, 7, 5, 7, 0, 0, TimeSpan.Zero), settings: Coordinators);
        await host.Get<FulfilmentService>().ImportAsync(FulfilmentSamples.JuneCp1252Csv, 2022, null, "test", default);
        var timer = ActivatorUtilities.CreateInstance<FulfilmentReminderFunction>(host.Services);
        await Task.WhenAll(timer.Run(new TimerInfo(), default), timer.Run(new TimerInfo { IsPastDue = true }, default));
        host.Clock.Advance(TimeSpan.FromDays(1));
        await timer.Run(new TimerInfo(), default);

        var mails = Directory.GetFiles(host.OutboxDirectory, "*.eml").Select(f => MimeMessage.Load(f)).ToList();
        var mail = Assert.Single(mails);
        Assert.Equal("samordnare.orebro@lansstyrelsen.example", mail.To.Mailboxes.Single().Address);
        Assert.Equal("Uppföljning av anvisningar januari–juni 2022: 4 kommuner i Örebro län ligger efter", mail.Subject);
        var text = mail.TextBody;
        Assert.Contains("Örebro län har tagit emot 83 av 202 anvisade personer. Efter 6 av 12 månader väntas 101,0", text, StringComparison.Ordinal);
        Assert.Contains("- Karlskoga: mottagit 5 av kommuntal 22, väntat 11,0, kvar 17", text, StringComparison.Ordinal);
        Assert.Contains("- Laxå: mottagit 9 av kommuntal 25, väntat 12,5, kvar 16", text, StringComparison.Ordinal);
        Assert.Contains("- Hallsberg:", text, StringComparison.Ordinal);
        Assert.Contains("- Ljusnarsberg:", text, StringComparison.Ordinal);
        Assert.DoesNotContain("- Örebro:", text, StringComparison.Ordinal); // 40 of 45,5: within 20 %
        Assert.Contains("<th scope=\"row\">Karlskoga</th>", mail.HtmlBody, StringComparison.Ordinal);

        var audit = await host.Get<ICountyYearStore>().ReadAuditAsync(2022, "18", default);
        Assert.Single(audit, a => a.Action == "fulfilment.behind-queued");
        var id = CoordinatorMessages.FulfilmentId(2022, "18", "2022-06");
        Assert.Single(audit, a => a.Action == "notification.sent" && a.Details.Contains(id, StringComparison.Ordinal));

        // A new month's statistics (the June test figures again, stated as July: still behind): one more message, for July.
        var julyFile = new Kommuntal.Core.Ingestion.InputFile("juli.csv", System.Text.Encoding.Latin1.GetBytes(System.Text.Encoding.Latin1.GetString(FulfilmentSamples.JuneCp1252Csv.Content).Replace("2022-06,", "2022-07,")));
        await host.Get<FulfilmentService>().ImportAsync(julyFile, 2022, null, "test", default);
        await timer.Run(new TimerInfo(), default);
        await timer.Run(new TimerInfo(), default);
        var subjects = Directory.GetFiles(host.OutboxDirectory, "*.eml").Select(f => MimeMessage.Load(f).Subject).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, subjects.Count);
        Assert.Contains(subjects, s => s!.StartsWith("Uppföljning av anvisningar januari–juli 2022:", StringComparison.Ordinal));
    }
}
