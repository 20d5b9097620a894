using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;

namespace Kommuntal.Tools.Serve.Tests;

/// <summary>
/// No drift between the local server and the Functions host: the served route table (Kestrel's
/// endpoints) equals what the generated functions.metadata tells the host to serve, and every timer
/// in it runs on demand.
/// </summary>
public class RouteTableTests
{
    private sealed record Route(string Name, string Template, string Methods, string AuthLevel);

    private static JsonElement[] Metadata()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "functions.metadata");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return [.. doc.RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    private static JsonElement Trigger(JsonElement function) =>
        function.GetProperty("bindings").EnumerateArray()
            .Single(b => b.GetProperty("direction").GetString() == "In" && b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));

    private static string RoutePrefix()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "host.json")));
        return doc.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString()!;
    }

    [Fact]
    public async Task The_served_routes_are_exactly_the_http_functions_of_functions_metadata()
    {
        var prefix = RoutePrefix();
        var expected = Metadata().Where(f => Trigger(f).GetProperty("type").GetString() == "httpTrigger").Select(f =>
        {
            var t = Trigger(f);
            var methods = t.TryGetProperty("methods", out var m) && m.ValueKind == JsonValueKind.Array
                ? string.Join(",", m.EnumerateArray().Select(x => x.GetString()!.ToUpperInvariant()).Order(StringComparer.Ordinal)) : "";
            return new Route(f.GetProperty("name").GetString()!, $"{prefix}/{t.GetProperty("route").GetString()}", methods, t.GetProperty("authLevel").GetString()!);
        }).OrderBy(r => r.Name, StringComparer.Ordinal).ToList();

        await using var app = await ServedApp.StartAsync();
        var endpoints = ((IEndpointRouteBuilder)app.Server.App).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>().ToList();
        var served = endpoints.Where(e => e.Metadata.GetMetadata<ServedFunction>() is not null).Select(e =>
        {
            var f = e.Metadata.GetMetadata<ServedFunction>()!;
            var methods = e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? [];
            return new Route(f.Name, e.RoutePattern.RawText!, string.Join(",", methods.Order(StringComparer.Ordinal)), f.AuthLevel.ToString());
        }).OrderBy(r => r.Name, StringComparer.Ordinal).ToList();

        Assert.Equal(expected.Count, Metadata().Count(f => Trigger(f).GetProperty("type").GetString() == "httpTrigger"));
        Assert.True(expected.Count >= 17, $"functions.metadata lists only {expected.Count} HTTP functions");
        Assert.Equal(expected, served);
        // Nothing else is served but the admin API for timers.
        Assert.Equal([HttpFunctionEndpoints.AdminTemplate], endpoints.Where(e => e.Metadata.GetMetadata<ServedFunction>() is null).Select(e => e.RoutePattern.RawText));
    }

    [Fact]
    public async Task Every_function_of_functions_metadata_is_served_or_a_timer_that_runs_on_demand_and_no_trigger_is_left_out()
    {
        var metadata = Metadata();
        var timers = metadata.Where(f => Trigger(f).GetProperty("type").GetString() == "timerTrigger").ToList();
        Assert.Equal(metadata.Length, timers.Count + metadata.Count(f => Trigger(f).GetProperty("type").GetString() == "httpTrigger"));
        Assert.True(timers.Count >= 5, $"functions.metadata lists only {timers.Count} timers");

        await using var app = await ServedApp.StartAsync();
        Assert.Empty(app.Server.Catalog.Unsupported);
        Assert.Equal(timers.Select(t => t.GetProperty("name").GetString()).Order(StringComparer.Ordinal),
            app.Timers.Timers.Select(t => t.Name).Order(StringComparer.Ordinal));
        foreach (var t in timers)
        {
            var name = t.GetProperty("name").GetString()!;
            var served = app.Server.Catalog.Find(name)!;
            Assert.Equal(Trigger(t).GetProperty("schedule").GetString(), served.Schedule);
            var (schedule, problem) = app.Timers.Schedules[name];
            Assert.True(schedule is not null, $"{name}: {problem}");

            var response = await app.RunTimerAsync(name);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var run = app.Timers.LastRun(name);
            Assert.NotNull(run);
            await run.WaitAsync(TimeSpan.FromSeconds(60)); // throws if the function failed
        }
    }
}
