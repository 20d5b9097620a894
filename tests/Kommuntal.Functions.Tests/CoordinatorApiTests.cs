using System.Text.Json;
using Kommuntal.Application.Ports;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Kommuntal.Functions.Tests;

/// <summary>A coordinator takes a county from quota to published decision and through a revision using only the HTTP API.</summary>
public class CoordinatorApiTests
{
    private static object DecisionBody(string dnr) => new
    {
        decisionDate = "2021-11-08",
        diarienummer = dnr,
        decidedBy = "landshövding Maria Larsson",
        presentedBy = "integrationssamordnare Ingela Fredriksson",
    };

    private static Dictionary<string, string> IfMatch(string? etag) => new() { ["If-Match"] = etag! };

    /// <summary>The county-year's current ETag, as a client reads it before deciding or publishing.</summary>
    private static async Task<string> ETagAsync(TestHost host, CoordinatorFunctions api, string county = "18")
    {
        var r = Http.Request("GET", $"/api/countyyears/2022/{county}");
        var read = Http.Read(r, await host.CallAsync(r, q => api.Get(q, 2022, county, default)));
        Assert.NotNull(read.ETag);
        return read.ETag!;
    }

    private static async Task<(TestHost Host, CoordinatorFunctions Api, UploadFunctions Quotas)> StartAsync()
    {
        var host = FunctionsHost.Create();
        var quotas = ActivatorUtilities.CreateInstance<UploadFunctions>(host.Services);
        var req = QuotaFunctionsTests.Post(Samples.Quota2022Csv.Content, "lanstal-2022.csv");
        var upload = Http.Read(req, await host.CallAsync(req, q => quotas.UploadQuota(q, 2022, default)));
        Assert.Equal(201, upload.Status);
        return (host, ActivatorUtilities.CreateInstance<CoordinatorFunctions>(host.Services), quotas);
    }

    [Fact]
    public async Task Quota_to_published_decision_through_the_API_with_an_ordered_audit_trail()
    {
        var (host, api, _) = await StartAsync();
        await using var _h = host;
        const string path = "/api/countyyears/2022/18";

        var list = Http.Read(Http.Request("GET", "/api/countyyears/2022"), await host.CallAsync(Http.Request("GET", "/api/countyyears/2022"), q => api.List(q, 2022, default)));
        Assert.Equal(21, list.Body.GetArrayLength());
        Assert.All(list.Body.EnumerateArray(), c => Assert.Equal("none", c.GetProperty("status").GetString()));

        var req = Http.Json("POST", path + "/drafts", new { purpose = "proposal" });
        var draft = Http.Read(req, await host.CallAsync(req, q => api.CreateDraft(q, 2022, "18", default)));
        Assert.Equal(201, draft.Status);
        Assert.Equal(1, draft.Body.GetProperty("number").GetInt32());
        Assert.Equal(202, draft.Body.GetProperty("numbers").EnumerateArray().Sum(n => n.GetProperty("kommuntal").GetInt32()));
        Assert.Equal("/api/countyyears/2022/18/drafts/1", req.HttpContext.Response.Headers.Location.ToString());

        req = Http.Request("GET", path);
        var read = Http.Read(req, await host.CallAsync(req, q => api.Get(q, 2022, "18", default)));
        Assert.Equal("proposal", read.Body.GetProperty("state").GetProperty("status").GetString());
        Assert.NotNull(read.ETag);

        req = Http.Json("POST", path + "/decisions", DecisionBody("851-1234-2021"), IfMatch(read.ETag));
        var decided = Http.Read(req, await host.CallAsync(req, q => api.Decide(q, 2022, "18", default)));
        Assert.Equal(201, decided.Status);
        Assert.Equal("decided", decided.Body.GetProperty("status").GetString());
        Assert.Equal(1, decided.Body.GetProperty("version").GetInt32());
        Assert.NotNull(decided.ETag);
        Assert.NotEqual(read.ETag, decided.ETag);

        // The ETag read before the decision is stale now.
        req = Http.Json("POST", path + "/decisions", DecisionBody("851-9999-2021"), IfMatch(read.ETag));
        var stale = Http.Read(req, await host.CallAsync(req, q => api.Decide(q, 2022, "18", default)));
        Assert.Equal(412, stale.Status);
        Assert.Equal("application/problem+json", stale.ContentType);

        // Publishing with the ETag the decision answered with.
        req = Http.Request("POST", path + "/publication", headers: IfMatch(decided.ETag));
        var published = Http.Read(req, await host.CallAsync(req, q => api.Publish(q, 2022, "18", default)));
        Assert.Equal(200, published.Status);
        Assert.Equal("2022/18-orebro-lan/beslut-v1.pdf", published.Body.GetProperty("decision").GetProperty("document").GetProperty("path").GetString());
        Assert.Equal(12, published.Body.GetProperty("queued").GetInt32());
        Assert.Equal(await ETagAsync(host, api), published.ETag);

        req = Http.Request("POST", path + "/publication", headers: IfMatch(published.ETag));
        var again = Http.Read(req, await host.CallAsync(req, q => api.Publish(q, 2022, "18", default)));
        Assert.Equal(409, again.Status); // nothing left to publish

        req = Http.Request("GET", path + "/audit");
        var audit = Http.Read(req, await host.CallAsync(req, q => api.Audit(q, 2022, "18", default)));
        Assert.Equal(["draft.created", "decision.decided", "decision.published"],
            audit.Body.EnumerateArray().Select(e => e.GetProperty("action").GetString()));
        var last = audit.Body.EnumerateArray().Last();
        Assert.Equal(64, last.GetProperty("contentSha256").GetString()!.Length);
    }

    [Fact]
    public async Task Two_concurrent_decide_calls_exactly_one_succeeds()
    {
        var (host, api, _) = await StartAsync();
        await using var _h = host;
        var req = Http.Json("POST", "/api/countyyears/2022/18/drafts", new { });
        Assert.Equal(201, Http.Read(req, await host.CallAsync(req, q => api.CreateDraft(q, 2022, "18", default))).Status);

        var etag = await ETagAsync(host, api);
        var requests = Enumerable.Range(0, 2).Select(i => Http.Json("POST", "/api/countyyears/2022/18/decisions", DecisionBody($"851-{i}-2021"), IfMatch(etag))).ToList();
        var results = await Task.WhenAll(requests.Select(async r => Http.Read(r, await host.CallAsync(r, q => api.Decide(q, 2022, "18", default)))));
        Assert.Single(results, r => r.Status == 201);
        var loser = Assert.Single(results, r => r.Status != 201);
        Assert.Contains(loser.Status, new[] { 409, 412 });
        var s = await host.Get<ICountyYearStore>().LoadAsync(2022, "18", default);
        Assert.Single(s.Decisions);
    }

    [Fact]
    public async Task A_revision_of_the_lanstal_supersedes_the_decision_and_leaves_the_old_one_readable()
    {
        var (host, api, quotas) = await StartAsync();
        await using var _h = host;
        const string path = "/api/countyyears/2022/18";
        foreach (var step in new Func<Task<Http.Response>>[]
        {
            async () => { var r = Http.Json("POST", path + "/drafts", new { }); return Http.Read(r, await host.CallAsync(r, q => api.CreateDraft(q, 2022, "18", default))); },
            async () => { var r = Http.Json("POST", path + "/decisions", DecisionBody("851-1-2021"), IfMatch(await ETagAsync(host, api))); return Http.Read(r, await host.CallAsync(r, q => api.Decide(q, 2022, "18", default))); },
            async () => { var r = Http.Request("POST", path + "/publication", headers: IfMatch(await ETagAsync(host, api))); return Http.Read(r, await host.CallAsync(r, q => api.Publish(q, 2022, "18", default))); },
        })
            Assert.InRange((await step()).Status, 200, 201);

        // A test variant of the 2022 table (not a real statute): Örebro län 202 → 180, Västmanlands län 131 → 153.
        var revised = File.ReadAllText(Samples.Path("samples", "2022", "lanstal-2022.csv"))
            .Replace("18,Örebro län,202", "18,Örebro län,180").Replace("19,Västmanlands län,131", "19,Västmanlands län,153");
        var body = System.Text.Encoding.UTF8.GetBytes(revised);
        var upReq = QuotaFunctionsTests.Post(body, "lanstal-2022-rev.csv");
        var up = Http.Read(upReq, await host.CallAsync(upReq, q => quotas.UploadQuota(q, 2022, default)));
        Assert.Equal(201, up.Status);
        Assert.Equal(2, up.Body.GetProperty("version").GetInt32());
        Assert.Equal(["18", "19"], up.Body.GetProperty("changedCounties").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["18"], up.Body.GetProperty("flaggedCounties").EnumerateArray().Select(e => e.GetString())); // 19 had no decision

        var r1 = Http.Request("GET", path);
        var state = Http.Read(r1, await host.CallAsync(r1, q => api.Get(q, 2022, "18", default))).Body.GetProperty("state");
        Assert.True(state.GetProperty("needsNewDecision").GetBoolean());
        Assert.Equal(180, state.GetProperty("lanstal").GetInt32());

        // Deciding the old draft again is refused: it was computed for 202.
        var r2 = Http.Json("POST", path + "/decisions", new { decisionDate = "2022-03-01", diarienummer = "851-2-2022", decidedBy = "a", presentedBy = "b", draft = 1 },
            IfMatch(await ETagAsync(host, api)));
        Assert.Equal(409, Http.Read(r2, await host.CallAsync(r2, q => api.Decide(q, 2022, "18", default))).Status);

        var r3 = Http.Json("POST", path + "/drafts", new { });
        Assert.Equal(180, Http.Read(r3, await host.CallAsync(r3, q => api.CreateDraft(q, 2022, "18", default))).Body.GetProperty("lanstal").GetInt32());
        var r4 = Http.Json("POST", path + "/decisions", new { decisionDate = "2022-03-01", diarienummer = "851-2-2022", decidedBy = "landshövding Maria Larsson", presentedBy = "Ingela Fredriksson" },
            IfMatch(await ETagAsync(host, api)));
        var d2 = Http.Read(r4, await host.CallAsync(r4, q => api.Decide(q, 2022, "18", default)));
        Assert.Equal(2, d2.Body.GetProperty("version").GetInt32());
        Assert.Equal(1, d2.Body.GetProperty("supersedes").GetInt32());
        Assert.All(d2.Body.GetProperty("numbers").EnumerateArray(), n => Assert.Equal(JsonValueKind.Number, n.GetProperty("previous").ValueKind));
        var r5 = Http.Request("POST", path + "/publication", headers: IfMatch(d2.ETag));
        Assert.Equal(200, Http.Read(r5, await host.CallAsync(r5, q => api.Publish(q, 2022, "18", default))).Status);

        var r6 = Http.Request("GET", path);
        var decisions = Http.Read(r6, await host.CallAsync(r6, q => api.Get(q, 2022, "18", default))).Body.GetProperty("decisions").EnumerateArray().ToList();
        Assert.Equal("superseded", decisions[0].GetProperty("status").GetString());
        Assert.Equal(2, decisions[0].GetProperty("supersededBy").GetInt32());
        Assert.Equal("published", decisions[1].GetProperty("status").GetString());
        var documents = host.Get<IDocumentStore>();
        Assert.NotNull(await documents.ReadAsync("2022/18-orebro-lan/beslut-v1.pdf", default)); // the old one stays downloadable
        Assert.NotNull(await documents.ReadAsync("2022/18-orebro-lan/beslut-v2.pdf", default));
        var r7 = Http.Request("GET", path + "/audit");
        var actions = Http.Read(r7, await host.CallAsync(r7, q => api.Audit(q, 2022, "18", default))).Body.EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(["draft.created", "decision.decided", "decision.published", "quota.revised", "draft.created", "decision.decided", "decision.published"], actions);
    }

    [Fact]
    public async Task Wishes_outside_the_county_or_without_a_reason_get_400_naming_each_entry()
    {
        var (host, api, _) = await StartAsync();
        await using var _h = host;
        var r = Http.Json("PUT", "/api/countyyears/2022/18/wishes", new object[]
        {
            new { municipalityCode = "1860", kind = "housing", number = 10, reason = "Brist på bostäder" },
            new { municipalityCode = "0180", kind = "volunteer", number = 5, reason = "Stockholm" },
            new { municipalityCode = "1880", kind = "agreement", number = 91, reason = "" },
        });
        var res = Http.Read(r, await host.CallAsync(r, q => api.PutWishes(q, 2022, "18", default)));
        Assert.Equal(400, res.Status);
        var errors = res.Body.GetProperty("errors").EnumerateArray().ToList();
        Assert.Contains(errors, e => e.GetProperty("line").GetInt32() == 2 && e.GetProperty("code").GetString() == "municipality-outside-county");
        Assert.Contains(errors, e => e.GetProperty("line").GetInt32() == 3 && e.GetProperty("code").GetString() == "missing-reason");
        Assert.Equal(CountyYearStatus.None, (await host.Get<ICountyYearStore>().LoadAsync(2022, "18", default)).State.Status);
    }

    [Fact]
    public async Task Orebro_2022_wishes_as_agreements_give_the_decided_numbers_through_proposal_and_decision()
    {
        var (host, api, _) = await StartAsync();
        await using var _h = host;
        const string path = "/api/countyyears/2022/18";
        // The numbers Länsstyrelsen i Örebro län decided for 2022 (samples/2022/kommuntal-orebro-2022.csv, from ../shared/data/decisions).
        var decided = System.IO.File.ReadAllLines(Samples.Path("samples", "2022", "kommuntal-orebro-2022.csv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#') && char.IsDigit(l[0]))
            .Select(l => l.Split(','))
            .ToDictionary(f => f[0], f => int.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(202, decided.Values.Sum());
        static Dictionary<string, int> Numbers(System.Text.Json.JsonElement e) =>
            e.GetProperty("numbers").EnumerateArray().ToDictionary(n => n.GetProperty("code").GetString()!, n => n.GetProperty("kommuntal").GetInt32());

        // The model alone (a what-if, draft 1) gives other numbers: the wishes make the difference.
        var r = Http.Json("POST", path + "/drafts", new { purpose = "what-if" });
        var model = Numbers(Http.Read(r, await host.CallAsync(r, q => api.CreateDraft(q, 2022, "18", default))).Body);
        Assert.Equal(202, model.Values.Sum());
        Assert.NotEqual(decided, model);

        r = Http.Json("PUT", path + "/wishes", decided.Select(d => new
        {
            municipalityCode = d.Key, kind = "agreement", number = d.Value, reason = "Överenskommelse med kommunen",
        }).ToArray());
        Assert.Equal(200, Http.Read(r, await host.CallAsync(r, q => api.PutWishes(q, 2022, "18", default))).Status);

        r = Http.Json("POST", path + "/drafts", new { purpose = "proposal" });
        var proposal = Http.Read(r, await host.CallAsync(r, q => api.CreateDraft(q, 2022, "18", default)));
        Assert.Equal(201, proposal.Status);
        Assert.Equal(2, proposal.Body.GetProperty("number").GetInt32());
        Assert.Equal(12, proposal.Body.GetProperty("deviations").GetInt32());
        Assert.Equal(decided, Numbers(proposal.Body));

        r = Http.Json("POST", path + "/decisions", new
        {
            decisionDate = "2021-11-08", diarienummer = "851-1234-2021", draft = 2,
            decidedBy = "landshövding Maria Larsson", presentedBy = "integrationssamordnare Ingela Fredriksson",
        }, IfMatch(proposal.ETag));
        var decision = Http.Read(r, await host.CallAsync(r, q => api.Decide(q, 2022, "18", default)));
        Assert.Equal(201, decision.Status);
        Assert.Equal(decided, Numbers(decision.Body));
    }

    [Fact]
    public async Task A_what_if_with_parameters_is_stored_with_its_version_and_bad_parameters_are_refused_naming_each_problem()
    {
        var (host, api, _) = await StartAsync();
        await using var _h = host;
        var r = Http.Json("POST", "/api/countyyears/2022/18/drafts", new
        {
            purpose = "what-if",
            parameters = new { version = "orebro-test.1", weights = new { population = 0.6, reception = 0.4 }, method = "sainte-lague" },
        });
        var ok = Http.Read(r, await host.CallAsync(r, q => api.CreateDraft(q, 2022, "18", default)));
        Assert.Equal(201, ok.Status);
        r = Http.Request("GET", "/api/countyyears/2022/18/drafts/1");
        var stored = Http.Read(r, await host.CallAsync(r, q => api.GetDraft(q, 2022, "18", 1, default)));
        Assert.Equal(200, stored.Status);
        Assert.Equal("orebro-test.1", stored.Body.GetProperty("summary").GetProperty("modelVersion").GetString());
        Assert.Equal(202, stored.Body.GetProperty("summary").GetProperty("numbers").EnumerateArray().Sum(n => n.GetProperty("kommuntal").GetInt32()));

        r = Http.Json("POST", "/api/countyyears/2022/18/drafts", new
        {
            purpose = "what-if",
            parameters = new { version = "bad", weights = new { population = 0.9, labour = -0.2, happiness = 0.3 } },
        });
        var bad = Http.Read(r, await host.CallAsync(r, q => api.CreateDraft(q, 2022, "18", default)));
        Assert.Equal(400, bad.Status);
        var fields = bad.Body.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToList();
        Assert.Contains(fields, f => f!.Contains("labour"));
        Assert.Contains(fields, f => f!.Contains("happiness"));
        var snapshot = await host.Get<ICountyYearStore>().LoadAsync(2022, "18", default);
        Assert.Single(snapshot.Drafts);
    }

    [Fact]
    public async Task An_unknown_county_is_404()
    {
        var (host, api, _) = await StartAsync();
        await using var _h = host;
        var r = Http.Request("GET", "/api/countyyears/2022/99");
        Assert.Equal(404, Http.Read(r, await host.CallAsync(r, q => api.Get(q, 2022, "99", default))).Status);
    }
}
