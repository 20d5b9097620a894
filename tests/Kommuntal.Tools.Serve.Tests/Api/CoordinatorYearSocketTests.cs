using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Kommuntal.Testing;

namespace Kommuntal.Tools.Serve.Tests.Api;

/// <summary>
/// A coordinator's whole year as a client meets it, over a socket against the served app and
/// Azurite: quota → indicators → wishes → draft → consultation → decision → publication → public
/// download with its SHA-256. Every answer is checked against openapi.json by the client's handler.
/// </summary>
public class CoordinatorYearSocketTests
{
    private const string County = "api/countyyears/2022/18";

    internal static HttpRequestMessage Upload(string url, string contentType, params string[] path)
    {
        var content = new ByteArrayContent(File.ReadAllBytes(Samples.Path(path)));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.Add("X-File-Name", Path.GetFileName(path[^1]));
        return request;
    }

    internal static HttpRequestMessage JsonRequest(HttpMethod method, string url, object? body, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null) request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return request;
    }

    internal static async Task<JsonElement> Body(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync()).RootElement.Clone();

    internal static async Task<JsonElement> Expect(HttpStatusCode status, HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    internal static object DecideBody(int? draft = null) => new
    {
        decisionDate = "2021-11-08",
        diarienummer = "851-1234-2021",
        decidedBy = "landshövding Maria Larsson",
        presentedBy = "integrationssamordnare Ingela Fredriksson",
        draft,
    };

    [Fact]
    public async Task A_coordinators_whole_year_from_the_quota_to_the_public_download_with_its_SHA_256()
    {
        await using var app = await ServedApp.StartAsync(asRoles: ["Coordinator.All"]);
        var api = app.KeyedClient;

        // National inputs.
        var quota = await Expect(HttpStatusCode.Created, await api.SendAsync(Upload("api/quotas/2022", "text/csv", "samples", "2022", "lanstal-2022.csv")));
        Assert.Equal(7500, quota.GetProperty("total").GetInt32());
        Assert.Equal(202, quota.GetProperty("counties").EnumerateArray().Single(c => c.GetProperty("code").GetString() == "18").GetProperty("lanstal").GetInt32());
        var indicators = await Expect(HttpStatusCode.Created, await api.SendAsync(Upload("api/indicators/2022", "text/csv", "tests", "data", "indicators", "good", "indicators-2022.csv")));
        Assert.Equal(2022, indicators.GetProperty("year").GetInt32());

        // The county's wishes as a file, then read back through the county-year.
        await Expect(HttpStatusCode.Created, await api.SendAsync(Upload("api/wishes/2022/18", "text/csv", "tests", "data", "wishes", "good", "wishes-2022-18.csv")));
        var read = await api.GetAsync(County);
        var state = await Expect(HttpStatusCode.OK, read);
        Assert.Equal(3, state.GetProperty("wishes").GetArrayLength());
        var etag = read.Headers.ETag!.ToString();

        // A draft, and the proposal sent for consultation.
        var created = await api.SendAsync(JsonRequest(HttpMethod.Post, County + "/drafts", new { purpose = "proposal" }, etag));
        var draft = await Expect(HttpStatusCode.Created, created);
        var number = draft.GetProperty("number").GetInt32();
        Assert.Equal($"/api/countyyears/2022/18/drafts/{number}", created.Headers.Location!.OriginalString);
        Assert.Equal(202, draft.GetProperty("numbers").EnumerateArray().Sum(n => n.GetProperty("kommuntal").GetInt32()));
        Assert.Equal(91, draft.GetProperty("numbers").EnumerateArray().Single(n => n.GetProperty("code").GetString() == "1880").GetProperty("kommuntal").GetInt32());
        await Expect(HttpStatusCode.OK, await api.GetAsync(created.Headers.Location));

        var deadline = DateTime.UtcNow.AddDays(21).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var consulted = await api.SendAsync(JsonRequest(HttpMethod.Post, $"{County}/drafts/{number}/consultation", new { deadline }, created.Headers.ETag!.ToString()));
        var consultation = await Expect(HttpStatusCode.OK, consulted);
        Assert.True(consultation.GetProperty("queued").GetInt32() > 0);
        Assert.Equal(deadline, consultation.GetProperty("draft").GetProperty("consultation").GetProperty("deadline").GetString());

        // Deciding needs the ETag the caller read: 428 without it.
        var blind = await Expect((HttpStatusCode)428, await api.SendAsync(JsonRequest(HttpMethod.Post, County + "/decisions", DecideBody())));
        Assert.EndsWith("/precondition-required", blind.GetProperty("type").GetString());
        var decided = await api.SendAsync(JsonRequest(HttpMethod.Post, County + "/decisions", DecideBody(number), consulted.Headers.ETag!.ToString()));
        var decision = await Expect(HttpStatusCode.Created, decided);
        Assert.Equal(("decided", 1, number), (decision.GetProperty("status").GetString(), decision.GetProperty("version").GetInt32(), decision.GetProperty("draft").GetInt32()));

        // Publishing too.
        await Expect((HttpStatusCode)428, await api.SendAsync(JsonRequest(HttpMethod.Post, County + "/publication", null)));
        var published = await Expect(HttpStatusCode.OK, await api.SendAsync(JsonRequest(HttpMethod.Post, County + "/publication", null, decided.Headers.ETag!.ToString())));
        var document = published.GetProperty("decision").GetProperty("document");
        var sha256 = document.GetProperty("sha256").GetString()!;

        // Anyone downloads it: the list, /current redirects to the version, whose bytes have that SHA-256.
        using var anonymous = app.CreateClient();
        var list = await Expect(HttpStatusCode.OK, await anonymous.GetAsync("api/public/decisions?year=2022&county=18"));
        Assert.Contains(sha256, list.GetRawText());
        var current = await anonymous.GetAsync("api/public/decisions/2022/18/current");
        Assert.Equal(HttpStatusCode.Found, current.StatusCode);
        Assert.Equal("/api/public/decisions/2022/18/v1", current.Headers.Location!.OriginalString);
        var pdf = await anonymous.GetAsync(current.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        Assert.Equal(sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Assert.Equal(sha256, pdf.Headers.GetValues("X-Content-SHA256").Single());
        Assert.Equal(document.GetProperty("size").GetInt64(), bytes.LongLength);
        Assert.Equal("%PDF-"u8.ToArray(), bytes[..5]);

        // The year as the coordinator sees it afterwards, and the trail of what was done.
        var year = await Expect(HttpStatusCode.OK, await api.GetAsync("api/countyyears/2022"));
        Assert.Equal(21, year.GetArrayLength());
        Assert.Equal("published", year.EnumerateArray().Single(c => c.GetProperty("county").GetString() == "18").GetProperty("status").GetString());
        var audit = await Expect(HttpStatusCode.OK, await api.GetAsync(County + "/audit"));
        var actions = audit.EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.True(actions.Count >= 5, string.Join(", ", actions));
        Assert.All(audit.EnumerateArray(), e => Assert.StartsWith("developer", e.GetProperty("actor").GetString()));

        // The e-mail timer, run on demand through the admin API, sends what the consultation and the publication queued.
        Assert.Equal(HttpStatusCode.Accepted, (await app.RunTimerAsync("DispatchNotifications")).StatusCode);
        await app.Timers.LastRun("DispatchNotifications")!.WaitAsync(TimeSpan.FromSeconds(120));
        var sent = Directory.GetFiles(app.OutboxDirectory, "*.eml", SearchOption.AllDirectories);
        Assert.Equal(consultation.GetProperty("queued").GetInt32() + published.GetProperty("queued").GetInt32(), sent.Length);
    }
}
