using System.Text;
using Kommuntal.Application.Ports;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Kommuntal.Functions.Tests;

/// <summary>
/// Issue 14 over HTTP: only a proposal is decided, deciding and publishing need the ETag the caller
/// read (428 without it), free text is capped and refused with hidden characters, and a missing
/// input is a 4xx problem, never a 500.
/// </summary>
public class DecisionApiTests
{
    private const string Path = "/api/countyyears/2022/18";

    private static object Body(object? draft = null, string decidedBy = "landshövding Maria Larsson", string dnr = "851-1234-2021", object? texts = null) => new
    {
        decisionDate = "2021-11-08",
        diarienummer = dnr,
        decidedBy,
        presentedBy = "integrationssamordnare Ingela Fredriksson",
        draft,
        texts,
    };

    private static Dictionary<string, string> IfMatch(string etag) => new() { ["If-Match"] = etag };

    private static async Task<(TestHost Host, CoordinatorFunctions Api)> StartAsync(bool quota = true)
    {
        var host = FunctionsHost.Create();
        if (quota)
        {
            var quotas = ActivatorUtilities.CreateInstance<UploadFunctions>(host.Services);
            var req = QuotaFunctionsTests.Post(Samples.Quota2022Csv.Content, "lanstal-2022.csv");
            Assert.Equal(201, Http.Read(req, await host.CallAsync(req, q => quotas.UploadQuota(q, 2022, default))).Status);
        }
        return (host, ActivatorUtilities.CreateInstance<CoordinatorFunctions>(host.Services));
    }

    private static async Task<Http.Response> DraftAsync(TestHost host, CoordinatorFunctions api, string purpose, object? parameters = null, int year = 2022)
    {
        var r = Http.Json("POST", $"/api/countyyears/{year}/18/drafts", new { purpose, parameters });
        return Http.Read(r, await host.CallAsync(r, q => api.CreateDraft(q, year, "18", default)));
    }

    private static async Task<Http.Response> DecideAsync(TestHost host, CoordinatorFunctions api, object body, string? etag)
    {
        var r = Http.Json("POST", Path + "/decisions", body, etag is null ? null : IfMatch(etag));
        return Http.Read(r, await host.CallAsync(r, q => api.Decide(q, 2022, "18", default)));
    }

    [Fact]
    public async Task A_decision_without_a_draft_is_taken_from_the_latest_proposal_never_from_a_later_what_if()
    {
        var (host, api) = await StartAsync();
        await using var _ = host;
        Assert.Equal(201, (await DraftAsync(host, api, "proposal")).Status);
        var whatIf = await DraftAsync(host, api, "what-if");
        Assert.Equal(2, whatIf.Body.GetProperty("number").GetInt32());

        var named = await DecideAsync(host, api, Body(draft: 2), whatIf.ETag);
        Assert.Equal(409, named.Status);
        Assert.Equal("application/problem+json", named.ContentType);
        Assert.Equal("https://kommuntal.example/problems/not-a-proposal", named.Body.GetProperty("type").GetString());
        Assert.Contains("Draft 2 is a what-if", named.Body.GetProperty("detail").GetString());

        var missing = await DecideAsync(host, api, Body(draft: 9), whatIf.ETag);
        Assert.Equal(404, missing.Status);

        var decided = await DecideAsync(host, api, Body(), whatIf.ETag);
        Assert.Equal(201, decided.Status);
        Assert.Equal(1, decided.Body.GetProperty("draft").GetInt32());
        Assert.Equal(1, (await host.Get<ICountyYearStore>().LoadAsync(2022, "18", default)).CurrentDecision!.DraftNumber);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("*")]
    public async Task Deciding_and_publishing_without_the_ETag_read_are_428_and_change_nothing(string? ifMatch)
    {
        var (host, api) = await StartAsync();
        await using var _ = host;
        var draft = await DraftAsync(host, api, "proposal");
        var headers = ifMatch is null ? null : IfMatch(ifMatch);

        var r = Http.Json("POST", Path + "/decisions", Body(), headers);
        var refused = Http.Read(r, await host.CallAsync(r, q => api.Decide(q, 2022, "18", default)));
        Assert.Equal(428, refused.Status);
        Assert.Equal("application/problem+json", refused.ContentType);
        Assert.Equal("https://kommuntal.example/problems/precondition-required", refused.Body.GetProperty("type").GetString());
        Assert.Equal(CountyYearStatus.Proposal, (await host.Get<ICountyYearStore>().LoadAsync(2022, "18", default)).State.Status);

        var decided = await DecideAsync(host, api, Body(), draft.ETag);
        Assert.Equal(201, decided.Status);
        r = Http.Request("POST", Path + "/publication", headers: headers);
        Assert.Equal(428, Http.Read(r, await host.CallAsync(r, q => api.Publish(q, 2022, "18", default))).Status);
        Assert.Equal(CountyYearStatus.Decided, (await host.Get<ICountyYearStore>().LoadAsync(2022, "18", default)).State.Status);
    }

    [Fact]
    public async Task Free_text_over_its_cap_or_with_a_bidirectional_override_is_400_naming_field_and_code_point()
    {
        var (host, api) = await StartAsync();
        await using var _ = host;
        var draft = await DraftAsync(host, api, "proposal");

        // "Maria Larsson" shown reversed after U+202E: what the PDF would print is not what was typed.
        var res = await DecideAsync(host, api, Body(decidedBy: "landshövding \u202Enossral airaM", dnr: new string('8', 51),
            texts: new { background = "Stycke ett.\n\nStycke två.", reasons = new string('x', 10_001), appeal = "Överklaga\u200B här" }), draft.ETag);
        Assert.Equal(400, res.Status);
        var errors = res.Body.GetProperty("errors").EnumerateArray()
            .Select(e => (Field: e.GetProperty("field").GetString(), Code: e.GetProperty("code").GetString(), Message: e.GetProperty("message").GetString()!)).ToList();
        var rlo = Assert.Single(errors, e => e.Field == "decidedBy");
        Assert.Equal("invisible-character", rlo.Code);
        Assert.Contains("U+202E (RIGHT-TO-LEFT OVERRIDE), at position 14", rlo.Message);
        Assert.Contains(errors, e => e is { Field: "diarienummer", Code: "text-too-long" } && e.Message.Contains("at most 50"));
        Assert.Contains(errors, e => e is { Field: "texts.reasons", Code: "text-too-long" } && e.Message.Contains("at most 10000"));
        Assert.Contains(errors, e => e is { Field: "texts.appeal", Code: "invisible-character" } && e.Message.Contains("U+200B (ZERO WIDTH SPACE)"));
        Assert.DoesNotContain(errors, e => e.Field == "texts.background"); // paragraphs are allowed in a decision's texts
        Assert.Equal(4, errors.Count);
        Assert.Equal(CountyYearStatus.Proposal, (await host.Get<ICountyYearStore>().LoadAsync(2022, "18", default)).State.Status);

        var wishes = Http.Json("PUT", Path + "/wishes", new object[]
        {
            new { municipalityCode = "1860", kind = "housing", number = 10, reason = "Brist på\u2066 bostäder" },
            new { municipalityCode = "1880", kind = "agreement", number = 91, reason = new string('s', 2_001) },
        });
        var w = Http.Read(wishes, await host.CallAsync(wishes, q => api.PutWishes(q, 2022, "18", default)));
        Assert.Equal(400, w.Status);
        var wishErrors = w.Body.GetProperty("errors").EnumerateArray().ToList();
        Assert.Contains(wishErrors, e => e.GetProperty("line").GetInt32() == 1 && e.GetProperty("code").GetString() == "invisible-character"
                                         && e.GetProperty("message").GetString()!.Contains("U+2066"));
        Assert.Contains(wishErrors, e => e.GetProperty("line").GetInt32() == 2 && e.GetProperty("code").GetString() == "text-too-long");

        var whatIf = await DraftAsync(host, api, "what-if", new { version = "orebro\u202E1.tset" });
        Assert.Equal(400, whatIf.Status);
        Assert.Contains(whatIf.Body.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == "version"
                                                                             && e.GetProperty("code").GetString() == "invisible-character");
        Assert.Single((await host.Get<ICountyYearStore>().LoadAsync(2022, "18", default)).Drafts);
    }

    [Fact]
    public async Task A_draft_without_a_quota_or_indicators_is_a_422_problem_saying_what_to_import()
    {
        var (host, api) = await StartAsync(quota: false);
        await using var _ = host;
        var noQuota = await DraftAsync(host, api, "proposal");
        Assert.Equal(422, noQuota.Status);
        Assert.Equal("https://kommuntal.example/problems/missing-quota", noQuota.Body.GetProperty("type").GetString());
        Assert.Contains("Import it with", noQuota.Body.GetProperty("detail").GetString());

        // Not a real quota: the 2022 table as if it were 2019's, so that only the indicators are missing.
        var quotas = ActivatorUtilities.CreateInstance<UploadFunctions>(host.Services);
        var csv = "# Testvariant, inte verklig: 2022 års länstal som om de gällde 2019.\n"
                  + string.Join("\n", File.ReadAllLines(Samples.Path("samples", "2022", "lanstal-2022.csv")).Where(l => !l.StartsWith('#')));
        var up = QuotaFunctionsTests.Post(Encoding.UTF8.GetBytes(csv), "lanstal-2019.csv");
        Assert.Equal(201, Http.Read(up, await host.CallAsync(up, q => quotas.UploadQuota(q, 2019, default))).Status);
        var noIndicators = await DraftAsync(host, api, "proposal", year: 2019);
        Assert.Equal(422, noIndicators.Status);
        Assert.Equal("https://kommuntal.example/problems/missing-indicators", noIndicators.Body.GetProperty("type").GetString());
        Assert.Contains("There are no indicators for 2019", noIndicators.Body.GetProperty("detail").GetString());
        Assert.Contains("Det finns inga indikatorer för 2019", noIndicators.Body.GetProperty("detail").GetString());
    }

    [Fact]
    public void The_OpenAPI_document_says_decide_and_publish_need_If_Match_and_answer_428()
    {
        var content = Assert.IsType<Microsoft.AspNetCore.Mvc.ContentResult>(new OpenApiFunction().Get(Http.Request("GET", "/api/openapi.json"))).Content!;
        using var doc = System.Text.Json.JsonDocument.Parse(content);
        foreach (var route in new[] { "/countyyears/{year}/{county}/decisions", "/countyyears/{year}/{county}/publication" })
        {
            var post = doc.RootElement.GetProperty("paths").GetProperty(route).GetProperty("post");
            Assert.Contains(post.GetProperty("parameters").EnumerateArray(),
                p => p.GetProperty("name").GetString() == "If-Match" && p.GetProperty("required").GetBoolean());
            Assert.True(post.GetProperty("responses").TryGetProperty("428", out _), route);
        }
        var schemas = doc.RootElement.GetProperty("components").GetProperty("schemas");
        Assert.Equal(50, schemas.GetProperty("DecideRequest").GetProperty("properties").GetProperty("diarienummer").GetProperty("maxLength").GetInt32());
        Assert.Equal(10_000, schemas.GetProperty("DecisionTexts").GetProperty("properties").GetProperty("reasons").GetProperty("maxLength").GetInt32());
    }
}
