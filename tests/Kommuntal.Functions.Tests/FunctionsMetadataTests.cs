using System.Text.Json;

namespace Kommuntal.Functions.Tests;

/// <summary>The routes, auth levels and schedules the Functions host will read, asserted from functions.metadata.</summary>
public class FunctionsMetadataTests
{
    private static JsonElement Function(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "functions.metadata");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.EnumerateArray().Single(f => f.GetProperty("name").GetString() == name).Clone();
    }

    private static JsonElement Trigger(JsonElement function) =>
        function.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("direction").GetString() == "In" && b.GetProperty("type").GetString()!.EndsWith("Trigger"));

    [Fact]
    public void The_quota_upload_is_a_function_key_protected_POST_on_quotas_year()
    {
        var t = Trigger(Function("UploadQuota"));
        Assert.Equal("httpTrigger", t.GetProperty("type").GetString());
        Assert.Equal("Function", t.GetProperty("authLevel").GetString());
        Assert.Equal("quotas/{year:int}", t.GetProperty("route").GetString());
        Assert.Equal(["post"], t.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
    }

    [Fact]
    public void The_yearly_run_is_a_timer_on_the_app_setting_schedule_that_does_not_run_on_startup()
    {
        var t = Trigger(Function("YearlyRun"));
        Assert.Equal("timerTrigger", t.GetProperty("type").GetString());
        Assert.Equal("%Schedules:YearlyRun%", t.GetProperty("schedule").GetString());
        Assert.False(t.GetProperty("runOnStartup").GetBoolean());
    }

    [Fact]
    public void The_host_json_shipped_with_the_app_is_the_repository_root_one()
    {
        var shipped = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "host.json"));
        Assert.Equal(File.ReadAllText(Kommuntal.Testing.Samples.Path("host.json")), shipped);
    }
}
