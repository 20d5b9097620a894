using System.Text.Json;
using Kommuntal.Application.Ports;
using Kommuntal.Application.Services;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Testing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace Kommuntal.Functions.Tests;

public class NotificationFunctionsTests
{
    private static JsonElement Trigger(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata")));
        var function = doc.RootElement.EnumerateArray().Single(f => f.GetProperty("name").GetString() == name);
        return function.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "timerTrigger").Clone();
    }

    [Theory]
    [InlineData("DispatchNotifications", "%Schedules:Notifications%")]
    [InlineData("PollDeliveryStatus", "%Schedules:DeliveryStatus%")]
    public void The_email_timers_run_on_their_app_setting_schedules_and_not_on_startup(string name, string schedule)
    {
        var t = Trigger(name);
        Assert.Equal(schedule, t.GetProperty("schedule").GetString());
        Assert.False(t.GetProperty("runOnStartup").GetBoolean());
    }

    [Fact]
    public void The_settings_example_names_both_schedules_and_the_email_settings()
    {
        var example = File.ReadAllText(Samples.Path("src", "Kommuntal.Functions", "local.settings.json.example"));
        using var doc = JsonDocument.Parse(example);
        var values = doc.RootElement.GetProperty("Values");
        foreach (var key in new[] { "Schedules__Notifications", "Schedules__DeliveryStatus", "Email__Sender", "Email__Acs__Endpoint", "Email__Acs__ConnectionString",
                     "Email__Smtp__Host", "Email__Smtp__Port", "Email__Smtp__UserName", "Email__Smtp__Password", "Email__Smtp__StartTls" })
            Assert.True(values.TryGetProperty(key, out _), key);
        Assert.Equal(6, values.GetProperty("Schedules__Notifications").GetString()!.Split(' ').Length);
    }

    [Fact]
    public async Task The_dispatch_timer_sends_the_published_decisions_messages_and_a_second_firing_sends_nothing()
    {
        await using var host = new TestHost();
        var countyYears = host.Get<CountyYearService>();
        await host.Get<QuotaImportService>().ImportAsync(Samples.Quota2022Csv, 2022, "test", default);
        await countyYears.ProposeAsync(2022, "18", "test", null, DraftPurpose.Proposal, default);
        await countyYears.DecideAsync(2022, "18", new DecisionRequest(new DateOnly(2021, 11, 8), "DEMO-2022-18", "landshövdingen", "samordnaren"), "test", default);
        await countyYears.PublishAsync(2022, "18", "test", default);
        var functions = ActivatorUtilities.CreateInstance<NotificationFunctions>(host.Services);

        await functions.DispatchNotifications(new TimerInfo(), default);
        await functions.DispatchNotifications(new TimerInfo(), default);   // fired twice (a restart): idempotent
        await functions.PollDeliveryStatus(new TimerInfo(), default);      // the outbox reports nothing further: no-op

        Assert.Equal(12, Directory.GetFiles(host.OutboxDirectory, "*.eml").Length);
        var ledger = (await host.Get<ICountyYearStore>().LoadAsync(2022, "18", default)).Outbox;
        Assert.All(ledger, o => Assert.Equal((NotificationStatus.Sent, "local-outbox", (DateTimeOffset?)null), (o.Status, o.Sender, o.NextStatusCheckAt)));
    }
}
