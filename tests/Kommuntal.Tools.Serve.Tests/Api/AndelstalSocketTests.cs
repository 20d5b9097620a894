using System.Net;
using static Kommuntal.Tools.Serve.Tests.Api.CoordinatorYearSocketTests;

namespace Kommuntal.Tools.Serve.Tests.Api;

/// <summary>
/// The shares for unaccompanied children over a socket against the served app and Azurite: the
/// shares and a county's requests uploaded, the draft and the decision carrying the county's shares
/// before and after, published, and the public decision list carrying each share. Every answer is checked against openapi.json by the client's handler.
/// </summary>
public class AndelstalSocketTests
{
    private const string County = "api/countyyears/2022/18";

    [Fact]
    public async Task Shares_and_requests_uploaded_over_HTTP_reach_the_public_decision_list()
    {
        await using var app = await ServedApp.StartAsync(asRoles: ["Coordinator.All"]);
        var api = app.KeyedClient;
        await Expect(HttpStatusCode.Created, await api.SendAsync(Upload("api/quotas/2022", "text/csv", "samples", "2022", "lanstal-2022.csv")));
        var shares = await Expect(HttpStatusCode.Created, await api.SendAsync(Upload("api/andelstal/2022", "text/csv", "tests", "data", "andelstal", "andelstal-2022.csv")));
        Assert.Equal(290, shares.GetProperty("shares").GetArrayLength());
        await Expect(HttpStatusCode.OK, await api.SendAsync(Upload("api/andelstal/2022", "text/csv", "tests", "data", "andelstal", "andelstal-2022.csv")));
        var requests = await Expect(HttpStatusCode.Created, await api.SendAsync(Upload("api/andelstal-requests/2022/18", "text/csv", "tests", "data", "andelstal", "requests-2022-18-partial.csv")));
        Assert.Equal(2, requests.GetProperty("requests").GetArrayLength());
        Assert.Equal(12, requests.GetProperty("shares").GetArrayLength());

        // Nothing is written to the county-year by the imports: the first draft creates it.
        var created = await api.SendAsync(JsonRequest(HttpMethod.Post, County + "/drafts", new { purpose = "proposal" }));
        await Expect(HttpStatusCode.Created, created);
        // The draft carries the county's shares before and after, and the request no transfer took up.
        var draft = await Expect(HttpStatusCode.OK, await api.GetAsync(created.Headers.Location!.OriginalString));
        var andelstal = draft.GetProperty("andelstal");
        Assert.Equal(29.352m, andelstal.GetProperty("totalBefore").GetDecimal());
        Assert.Equal(29.352m, andelstal.GetProperty("totalAfter").GetDecimal());
        Assert.Equal(12, andelstal.GetProperty("municipalities").GetArrayLength());
        var hallsberg = andelstal.GetProperty("municipalities").EnumerateArray().Single(m => m.GetProperty("code").GetString() == "1861");
        Assert.Equal((1.55m, 1.05m), (hallsberg.GetProperty("before").GetDecimal(), hallsberg.GetProperty("after").GetDecimal()));
        Assert.Equal("Överenskommelse om boende i Örebro (testvariant)", Assert.Single(hallsberg.GetProperty("reasons").EnumerateArray()).GetString());
        var notApplied = Assert.Single(andelstal.GetProperty("notApplied").EnumerateArray());
        Assert.Equal(("1860", "lower"), (notApplied.GetProperty("municipality").GetString(), notApplied.GetProperty("request").GetString()));
        var decided = await api.SendAsync(JsonRequest(HttpMethod.Post, County + "/decisions", DecideBody(), created.Headers.ETag!.ToString()));
        var decision = await Expect(HttpStatusCode.Created, decided);
        Assert.Equal(andelstal.GetRawText(), decision.GetProperty("andelstal").GetRawText()); // the decision keeps the draft's shares
        await Expect(HttpStatusCode.OK, await api.SendAsync(JsonRequest(HttpMethod.Post, County + "/publication", null, decided.Headers.ETag!.ToString())));

        using var anonymous = app.CreateClient();
        var list = await Expect(HttpStatusCode.OK, await anonymous.GetAsync("api/public/decisions?year=2022&county=18"));
        var numbers = list[0].GetProperty("numbers").EnumerateArray().ToList();
        Assert.Equal(15.519m, numbers.Single(n => n.GetProperty("code").GetString() == "1880").GetProperty("andelstal").GetDecimal());
        Assert.Equal(1.05m, numbers.Single(n => n.GetProperty("code").GetString() == "1861").GetProperty("andelstal").GetDecimal());
        Assert.Equal(29.352m, numbers.Sum(n => n.GetProperty("andelstal").GetDecimal()));
    }
}
