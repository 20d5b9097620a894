using Microsoft.Extensions.Configuration;

namespace Kommuntal.Tools.Serve.Tests;

/// <summary>--timers: the schedules of the app settings, six-field cron in UTC, read as the host reads them.</summary>
public class TimerScheduleTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void App_setting_expressions_resolve_to_six_field_cron_in_UTC_or_an_interval()
    {
        var at = new DateTimeOffset(2026, 11, 4, 8, 0, 0, TimeSpan.FromHours(1)); // 07:00 UTC
        var daily = TimerSchedule.Resolve("%Schedules:YearlyRun%", Settings(("Schedules:YearlyRun", "0 0 5 * * *")), out var p1);
        Assert.Null(p1);
        Assert.Equal(new DateTimeOffset(2026, 11, 5, 5, 0, 0, TimeSpan.Zero), daily!.Next(at));

        var seconds = TimerSchedule.Resolve("%Schedules:Inbox%", Settings(("Schedules:Inbox", "*/15 * * * * *")), out _);
        Assert.Equal(at.AddSeconds(15), seconds!.Next(at));

        var interval = TimerSchedule.Resolve("%Every%", Settings(("Every", "00:05:00")), out _);
        Assert.Equal(at.AddMinutes(5), interval!.Next(at));

        Assert.Null(TimerSchedule.Resolve("%Schedules:Inbox%", Settings(), out var missing));
        Assert.Equal("setting Schedules:Inbox is not set (app setting Schedules__Inbox)", missing);
        Assert.Null(TimerSchedule.Resolve("%Schedules:Inbox%", Settings(("Schedules:Inbox", "0 */5 * * *")), out var fiveFields));
        Assert.Contains("six-field cron", fiveFields);
    }

    [Fact]
    public async Task With_timers_a_timer_runs_on_its_schedule()
    {
        await using var app = await ServedApp.StartAsync(timers: true, settings: new Dictionary<string, string?> { ["Schedules:Inbox"] = "*/1 * * * * *" });
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (app.Timers.LastRun("Inbox") is not { IsCompleted: true } && DateTime.UtcNow < deadline) await Task.Delay(100);
        var run = app.Timers.LastRun("Inbox");
        Assert.True(run is { IsCompletedSuccessfully: true }, $"no completed scheduled run of Inbox in 30 s ({run?.Status})");
        Assert.Null(app.Timers.LastRun("YearlyRun")); // 05:00 UTC daily: not within these seconds
    }

    [Fact]
    public void With_timers_an_unreadable_schedule_stops_the_start()
    {
        var ex = Assert.Throws<ServeRefusedException>(() =>
            ServedApp.Create(null, timers: true, new Dictionary<string, string?> { ["Schedules:Reminders"] = "every morning" }, out _, out _));
        Assert.Contains("Reminders", ex.Message);
        Assert.Contains("'every morning' is not a six-field cron expression", ex.Message);
    }
}
