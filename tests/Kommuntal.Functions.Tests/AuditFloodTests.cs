using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Kommuntal.Core.Reference;
using Kommuntal.Functions.Http;
using Kommuntal.Infrastructure.Storage;
using Kommuntal.Testing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kommuntal.Functions.Tests;

/// <summary>
/// Audit flooding (issue 14, item 6): refused requests, anonymous or not, for any county and any
/// year, write nothing to storage. Each is a warning in the log and one count on the metric
/// <c>kommuntal.access.refused</c>.
/// </summary>
public class AuditFloodTests
{
    private sealed class CountingPolicy : HttpPipelineSynchronousPolicy
    {
        private int _count;
        public int Count => Volatile.Read(ref _count);
        public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref _count);
    }

    private sealed class CapturingLogger : ILoggerProvider, ILogger
    {
        public ConcurrentQueue<(string Category, LogLevel Level, string Message)> Entries { get; } = new();
        private string _category = "";
        public ILogger CreateLogger(string categoryName) => new CapturingLogger { _category = categoryName, Sink = this };
        private CapturingLogger? Sink { get; init; }
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            (Sink ?? this).Entries.Enqueue((_category, logLevel, formatter(state, exception)));
        public void Dispose() { }
    }

    [Fact]
    public async Task Hundreds_of_refused_requests_to_every_county_and_year_write_no_row_and_are_logged_and_counted()
    {
        var counter = new CountingPolicy();
        var logs = new CapturingLogger();
        await using var host = new TestHost(new Dictionary<string, string?> { ["Security:DevelopmentMode"] = "true" },
            configure: s => { s.AddInProcessFunctions(); s.AddSingleton<ILoggerProvider>(logs); }, storagePolicies: [counter]);
        var clients = host.Get<StorageClients>();

        var refused = new ConcurrentDictionary<string, int>();
        using var listener = new MeterListener();
        var meters = host.Get<IMeterFactory>();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Name == AccessMetrics.RefusedInstrument) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var status = tags.ToArray().Single(t => t.Key == "status").Value!.ToString()!;
            refused.AddOrUpdate(status, (int)value, (_, n) => n + (int)value);
        });
        listener.Start();

        var forged = Convert.ToBase64String(Encoding.UTF8.GetBytes(
            """{"auth_typ":"aad","claims":[{"typ":"name","val":"mallory"},{"typ":"roles","val":"Coordinator.All"}]}"""));
        var callers = new Dictionary<string, string>[]
        {
            [],                                                              // anonymous: 401
            new() { [CoordinatorAccess.PrincipalHeader] = forged },          // a forged principal header: 401
            new() { [CoordinatorAccess.DevelopmentRolesHeader] = "Reader" }, // signed in, no coordinator role: 403
        };
        var coordinator = HttpFunction.All.Where(f => f.Level == AuthorizationLevel.Function).ToList();
        var counties = ReferenceData.Bundled.Counties.Select(c => c.Code).ToList();
        var random = new Random(14);
        var before = counter.Count;
        const int Requests = 600;
        for (var i = 0; i < Requests; i++)
        {
            var function = coordinator[i % coordinator.Count];
            var route = new Dictionary<string, string>
            {
                ["year"] = random.Next(2016, 2101).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["county"] = counties[random.Next(counties.Count)],
                ["number"] = "1",
            }.Where(kv => function.Parameters.Contains(kv.Key)).ToDictionary();
            var http = InProcess.NewContext(function.Methods[0], function.Path(route), callers[i % callers.Length], "[]"u8.ToArray());
            var outcome = await InProcess.RunAsync(host.Services, function, http, route);
            Assert.True(outcome.Status == (i % callers.Length == 2 ? 403 : 401), $"{function.Name} {string.Join(",", route.Values)}: {outcome.Status} {outcome.Text}");
        }

        // Not one storage request, so not one row: the whole countyyears table (this host's prefix) is empty.
        Assert.Equal(before, counter.Count);
        var rows = 0;
        await foreach (var _ in clients.CountyYears.QueryAsync<TableEntity>()) rows++;
        Assert.Equal(0, rows);

        Assert.Equal(Requests / 3 * 2, refused.GetValueOrDefault("401"));
        Assert.Equal(Requests / 3, refused.GetValueOrDefault("403"));
        var warnings = logs.Entries.Where(e => e.Category == typeof(CoordinatorAccess).FullName && e.Level == LogLevel.Warning).ToList();
        Assert.Equal(Requests, warnings.Count);
        Assert.All(warnings, w => Assert.StartsWith("Access refused (40", w.Message));
    }

    [Fact]
    public async Task A_refusal_logs_the_path_escaped_so_a_crafted_path_cannot_forge_a_log_line()
    {
        var logs = new CapturingLogger();
        await using var host = new TestHost(configure: s => { s.AddInProcessFunctions(); s.AddSingleton<ILoggerProvider>(logs); });
        var access = host.Get<CoordinatorAccess>();
        var http = InProcess.NewContext("GET", "/api/countyyears/2022/18\nINFO forged entry");
        var refused = await Assert.ThrowsAsync<HttpProblemException>(() => access.AuthorizeAsync(http.Request, 2022, "18", national: false, default));
        Assert.Equal(401, refused.Status);
        var line = Assert.Single(logs.Entries, e => e.Category == typeof(CoordinatorAccess).FullName).Message;
        Assert.DoesNotContain('\n', line);
        Assert.Contains("/api/countyyears/2022/18%0AINFO%20forged%20entry", line);
    }
}
