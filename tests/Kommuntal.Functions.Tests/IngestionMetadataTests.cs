using System.Text.Json;

namespace Kommuntal.Functions.Tests;

/// <summary>The ingestion routes and the inbox schedule as the Functions host will read them (functions.metadata).</summary>
public class IngestionMetadataTests
{
    private static JsonElement Trigger(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata")));
        var function = doc.RootElement.EnumerateArray().Single(f => f.GetProperty("name").GetString() == name);
        return function.GetProperty("bindings").EnumerateArray()
            .Single(b => b.GetProperty("direction").GetString() == "In" && b.GetProperty("type").GetString()!.EndsWith("Trigger")).Clone();
    }

    [Theory]
    [InlineData("UploadIndicators", "indicators/{year:int}")]
    [InlineData("UploadWishes", "wishes/{year:int}/{county}")]
    [InlineData("UploadShares", "andelstal/{year:int}")]
    [InlineData("UploadShareRequests", "andelstal-requests/{year:int}/{county}")]
    public void Uploads_are_function_key_protected_POSTs(string name, string route)
    {
        var t = Trigger(name);
        Assert.Equal(("httpTrigger", "Function", route), (t.GetProperty("type").GetString(), t.GetProperty("authLevel").GetString(), t.GetProperty("route").GetString()));
        Assert.Equal(["post"], t.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
    }

    [Fact]
    public void The_inbox_is_a_timer_on_the_app_setting_schedule_that_does_not_run_on_startup()
    {
        var t = Trigger("Inbox");
        Assert.Equal("timerTrigger", t.GetProperty("type").GetString());
        Assert.Equal("%Schedules:Inbox%", t.GetProperty("schedule").GetString());
        Assert.False(t.GetProperty("runOnStartup").GetBoolean());
    }

    [Fact]
    public void The_example_settings_name_the_inbox_schedule_and_the_size_limit()
    {
        var example = Kommuntal.Testing.Samples.Path("src", "Kommuntal.Functions", "local.settings.json.example");
        using var doc = JsonDocument.Parse(File.ReadAllText(example));
        var values = doc.RootElement.GetProperty("Values");
        Assert.Equal(6, values.GetProperty("Schedules__Inbox").GetString()!.Split(' ').Length); // six-field cron
        Assert.Equal("1048576", values.GetProperty("Kommuntal__Ingestion__MaxFileBytes").GetString());
    }
}
