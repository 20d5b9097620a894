using System.Text;
using System.Text.Json;
using Kommuntal.Application.Ports;
using Kommuntal.Application.Services;
using Kommuntal.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kommuntal.Functions.Tests;

/// <summary>
/// The authorisation matrix: every coordinator function called with no principal, a principal of
/// another county, a forged principal header while authentication is not in front, and the right
/// role; only the last succeeds.
/// </summary>
public class AccessControlTests
{
    private static string ClientPrincipal(string name, params string[] roles) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
        {
            auth_typ = "aad",
            name_typ = "name",
            role_typ = "roles",
            claims = new[] { new { typ = "name", val = name } }.Concat(roles.Select(r => new { typ = "roles", val = r })),
        })));

    /// <summary>Each coordinator endpoint for Örebro län, as (name, call).</summary>
    private static IEnumerable<(string Name, Func<Dictionary<string, string>, Task<Http.Response>> Call)> Endpoints(TestHost host, CoordinatorFunctions api, UploadFunctions quotas)
    {
        const string p = "/api/countyyears/2022/18";
        Func<Dictionary<string, string>, Task<Http.Response>> Make(Func<Dictionary<string, string>, Microsoft.AspNetCore.Http.HttpRequest> request,
            System.Linq.Expressions.Expression<Func<Microsoft.AspNetCore.Http.HttpRequest, Task<Microsoft.AspNetCore.Mvc.IActionResult>>> invoke) =>
            async h => { var r = request(h); return Http.Read(r, await host.CallAsync(r, invoke)); };
        yield return ("GetCountyYear", Make(h => Http.Request("GET", p, headers: h, asCoordinator: false), q => api.Get(q, 2022, "18", default)));
        yield return ("GetDraft", Make(h => Http.Request("GET", p + "/drafts/1", headers: h, asCoordinator: false), q => api.GetDraft(q, 2022, "18", 1, default)));
        yield return ("CreateDraft", Make(h => Http.Json("POST", p + "/drafts", new { }, h, asCoordinator: false), q => api.CreateDraft(q, 2022, "18", default)));
        yield return ("Consult", Make(h => Http.Json("POST", p + "/drafts/1/consultation", new { }, h, asCoordinator: false), q => api.Consult(q, 2022, "18", 1, default)));
        yield return ("PutWishes", Make(h => Http.Json("PUT", p + "/wishes", Array.Empty<object>(), h, asCoordinator: false), q => api.PutWishes(q, 2022, "18", default)));
        yield return ("Decide", Make(h => Http.Json("POST", p + "/decisions", new { decisionDate = "2021-11-08", diarienummer = "1", decidedBy = "a", presentedBy = "b" }, h, asCoordinator: false), q => api.Decide(q, 2022, "18", default)));
        yield return ("Publish", Make(h => Http.Request("POST", p + "/publication", headers: h, asCoordinator: false), q => api.Publish(q, 2022, "18", default)));
        yield return ("GetAudit", Make(h => Http.Request("GET", p + "/audit", headers: h, asCoordinator: false), q => api.Audit(q, 2022, "18", default)));
        yield return ("UploadQuota", Make(h =>
        {
            var r = Http.Request("POST", "/api/quotas/2022", Samples.Quota2022Csv.Content, h, asCoordinator: false);
            r.Headers["X-File-Name"] = "lanstal-2022.csv";
            return r;
        }, q => quotas.UploadQuota(q, 2022, default)));
    }

    [Fact]
    public async Task Without_authentication_in_front_only_the_development_role_of_the_right_county_gets_through()
    {
        await using var host = FunctionsHost.Create(developmentMode: true, authenticationInFront: false);
        await host.Get<QuotaImportService>().ImportAsync(Samples.Quota2022Csv, 2022, "test", default);
        var api = ActivatorUtilities.CreateInstance<CoordinatorFunctions>(host.Services);
        var quotas = ActivatorUtilities.CreateInstance<UploadFunctions>(host.Services);

        var refusals = 0;
        foreach (var (name, call) in Endpoints(host, api, quotas))
        {
            var none = await call([]);
            Assert.True(none.Status == 401, $"{name} without a principal: {none.Status}");
            var other = await call(new() { ["X-Kommuntal-Dev-Roles"] = "Coordinator.19" });
            Assert.True(other.Status == 403, $"{name} as Västmanland's coordinator: {other.Status}");
            var forged = await call(new() { ["X-MS-CLIENT-PRINCIPAL"] = ClientPrincipal("mallory", "Coordinator.All"), ["X-MS-CLIENT-PRINCIPAL-NAME"] = "mallory" });
            Assert.True(forged.Status == 401, $"{name} with a forged principal header: {forged.Status}");
            Assert.Contains("ignored", forged.Body.GetProperty("detail").GetString());
            refusals += 3;
        }
        // The right role: every endpoint passes the access check (404/409 for steps not yet possible are not refusals).
        Func<string, string> role = n => n == "UploadQuota" ? "Coordinator.All" : "Coordinator.18";
        foreach (var (name, call) in Endpoints(host, api, quotas))
        {
            var ok = await call(new() { ["X-Kommuntal-Dev-Roles"] = role(name) });
            Assert.True(ok.Status is not (401 or 403), $"{name} with {role(name)}: {ok.Status}");
        }

        // Refusals are logged and counted, never written to the audit trail (AuditFloodTests).
        var audit = host.Get<ICountyYearStore>();
        Assert.DoesNotContain(await audit.ReadAuditAsync(2022, "18", default), a => a.Action == "access.refused");
        Assert.DoesNotContain(await audit.ReadAuditAsync(2022, "00", default), a => a.Action == "access.refused");
        Assert.Equal(27, refusals);
    }

    [Fact]
    public async Task With_authentication_in_front_the_app_service_principal_decides_and_development_roles_are_ignored()
    {
        await using var host = FunctionsHost.Create(developmentMode: false, authenticationInFront: true);
        await host.Get<QuotaImportService>().ImportAsync(Samples.Quota2022Csv, 2022, "test", default);
        var api = ActivatorUtilities.CreateInstance<CoordinatorFunctions>(host.Services);

        async Task<int> Status(Dictionary<string, string> headers)
        {
            var r = Http.Json("POST", "/api/countyyears/2022/18/drafts", new { }, headers, asCoordinator: false);
            return Http.Read(r, await host.CallAsync(r, q => api.CreateDraft(q, 2022, "18", default))).Status;
        }
        Assert.Equal(401, await Status(new() { ["X-Kommuntal-Dev-Roles"] = "Coordinator.All" }));
        Assert.Equal(403, await Status(new() { ["X-MS-CLIENT-PRINCIPAL"] = ClientPrincipal("eva@lst.example", "Coordinator.19") }));
        Assert.Equal(201, await Status(new() { ["X-MS-CLIENT-PRINCIPAL"] = ClientPrincipal("ingela@lst.example", "Coordinator.18"), ["X-MS-CLIENT-PRINCIPAL-NAME"] = "ingela@lst.example" }));
        var audit = await host.Get<ICountyYearStore>().ReadAuditAsync(2022, "18", default);
        Assert.Contains(audit, a => a.Action == "draft.created" && a.Actor == "ingela@lst.example (app-service-auth)");
    }

    [Fact]
    public async Task Development_mode_together_with_authentication_in_front_is_refused_at_start_up()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = TestStorage.ConnectionString,
            ["Security:DevelopmentMode"] = "true",
            ["Security:AuthenticationInFront"] = "true",
        });
        builder.Services.AddKommuntalFunctions(builder.Configuration);
        using var app = builder.Build();
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        Assert.Contains("DevelopmentMode", ex.Message);
    }
}
