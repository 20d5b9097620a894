using System.Globalization;
using System.Text.RegularExpressions;
using Kommuntal.Application.Options;
using Kommuntal.Application.Portal;
using Kommuntal.Core.Ingestion;
using Kommuntal.Core.Text;
using Kommuntal.Web.Components;
using Kommuntal.Web.Pages.Portal;
using Microsoft.Extensions.Options;

namespace Kommuntal.Functions;

/// <summary>
/// The coordinators' portal, read side (issue 17; docs/web.md): anonymous at function level (a
/// browser has no function key), identity and access in <see cref="PortalGate"/>, one
/// <see cref="PortalService"/> call and one page each.
/// </summary>
public sealed partial class PortalPageFunctions(PortalService portal, PortalGate gate, TimeProvider clock, IOptions<KommuntalOptions> options)
{
    [Function("GetPortalStart")]
    public Task<IActionResult> Start(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Portal.StartRoute)] HttpRequest request, CancellationToken ct) =>
        gate.PageAsync(request, 0, null, false, async c =>
        {
            var year = int.TryParse(request.Query["ar"], NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= IngestionRules.MinYear and <= IngestionRules.MaxYear
                ? y : await portal.DefaultYearAsync(ct);
            var model = await portal.OverviewAsync(year, c.National ? [] : c.Counties, ct);
            return await gate.RenderAsync<StartPage>(c with { Year = year }, new() { [nameof(StartPage.Model)] = model });
        });

    [Function("GetPortalUploads")]
    public Task<IActionResult> Uploads(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Portal.UploadsRoute)] HttpRequest request, int year, CancellationToken ct) =>
        gate.PageAsync(request, year, null, false, async c =>
            await gate.RenderAsync<UploadsPage>(c, new() { [nameof(UploadsPage.Model)] = await portal.UploadsAsync(year, c.National ? [] : c.Counties, ct) }));

    [Function("GetPortalCounty")]
    public Task<IActionResult> County(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Portal.CountyRoute)] HttpRequest request, int year, string county, CancellationToken ct) =>
        gate.PageAsync(request, year, county, false, async c => await gate.RenderAsync<CountyYearPage>(c, new()
        {
            [nameof(CountyYearPage.View)] = await portal.CountyYearAsync(year, county, ct),
            [nameof(CountyYearPage.Notice)] = Done(request),
        }));

    [Function("GetPortalWhatIf")]
    public Task<IActionResult> WhatIf(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Portal.WhatIfRoute)] HttpRequest request, int year, string county, CancellationToken ct) =>
        gate.PageAsync(request, year, county, false, async c =>
            await gate.RenderAsync<WhatIfPage>(c, new() { [nameof(WhatIfPage.Model)] = await portal.WhatIfAsync(year, county, null, null, ct) }));

    [Function("GetPortalConsultation")]
    public Task<IActionResult> Consultation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Portal.ConsultationRoute)] HttpRequest request, int year, string county, CancellationToken ct) =>
        gate.PageAsync(request, year, county, false, async c => await gate.RenderAsync<ConsultationPage>(c, new()
        {
            [nameof(ConsultationPage.View)] = await portal.CountyYearAsync(year, county, ct),
            [nameof(ConsultationPage.Notice)] = Done(request),
            [nameof(ConsultationPage.DefaultDeadline)] = DefaultDeadline(),
        }));

    [Function("GetPortalDecision")]
    public Task<IActionResult> Decision(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Portal.DecisionRoute)] HttpRequest request, int year, string county, CancellationToken ct) =>
        gate.PageAsync(request, year, county, false, async c => await gate.RenderAsync<DecisionPage>(c, new()
        {
            [nameof(DecisionPage.View)] = await portal.CountyYearAsync(year, county, ct),
            [nameof(DecisionPage.Notice)] = Done(request),
        }));

    [Function("GetPortalPublication")]
    public Task<IActionResult> Publication(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Portal.PublicationRoute)] HttpRequest request, int year, string county, CancellationToken ct) =>
        gate.PageAsync(request, year, county, false, async c => await gate.RenderAsync<PublicationPage>(c, new()
        {
            [nameof(PublicationPage.View)] = await portal.CountyYearAsync(year, county, ct),
            [nameof(PublicationPage.Notice)] = Done(request),
        }));

    [Function("GetPortalNotifications")]
    public Task<IActionResult> Notifications(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Portal.NotificationsRoute)] HttpRequest request, int year, string county, CancellationToken ct) =>
        gate.PageAsync(request, year, county, false, async c => await gate.RenderAsync<NotificationsPage>(c, new()
        {
            [nameof(NotificationsPage.View)] = await portal.CountyYearAsync(year, county, ct),
            [nameof(NotificationsPage.Notice)] = Done(request),
        }));

    [Function("GetPortalAudit")]
    public Task<IActionResult> Audit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Portal.AuditRoute)] HttpRequest request, int year, string county, CancellationToken ct) =>
        gate.PageAsync(request, year, county, false, async c =>
            await gate.RenderAsync<AuditPage>(c, new() { [nameof(AuditPage.Model)] = await portal.AuditAsync(year, county, ct) }));

    /// <summary>The PDF of a draft (as a proposal) or a decision, rendered now by the document service, shown inline.</summary>
    [Function("GetPortalPreview")]
    public Task<IActionResult> Preview(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Portal.PreviewRoute)] HttpRequest request, int year, string county, string document,
        CancellationToken ct) =>
        gate.PageAsync(request, year, county, false, async c =>
        {
            var match = DocumentName().Match(document);
            var pdf = match.Success ? await portal.PreviewAsync(year, county, match.Groups[1].Value == "beslut", int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), ct) : null;
            if (pdf is null) return await gate.RenderAsync<MessagePage>(c, 404, new() { [nameof(MessagePage.Title)] = "Dokumentet finns inte", [nameof(MessagePage.Text)] = $"Det finns inget {document} för länet {year}." });
            request.HttpContext.Response.Headers.ContentDisposition = $"inline; filename=\"{county}-{year}-{document}\"";
            request.HttpContext.Response.Headers.CacheControl = "private, no-store";
            return new FileContentResult(pdf, "application/pdf");
        });

    [GeneratedRegex("^(forslag|beslut)-([0-9]{1,6})\\.pdf$")]
    private static partial Regex DocumentName();

    private string DefaultDeadline() =>
        SwedishFormat.SwedishDate(clock.GetUtcNow()).AddDays(options.Value.Cycle.ConsultationDays).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The message after a completed step (<c>?klart=...</c>, set by the POST's redirect).</summary>
    internal static PageNotice? Done(HttpRequest request) => request.Query["klart"].ToString() switch
    {
        "forslag" => new(StatusKind.Success, "Ett nytt förslag är beräknat", "Förslaget står nedan. Skicka det på samråd när det är klart."),
        "onskemal" => new(StatusKind.Success, "Önskemålen är sparade", "De gäller i nästa förslag som du beräknar."),
        "samrad" => new(StatusKind.Success, "Förslaget är skickat på samråd", "Kommunerna får ett e-postmeddelande med förslaget."),
        "sammanfattning" => new(StatusKind.Success, "Sammanfattningen är sparad", "Den står i nästa beslut. Du ser den på beslutssidan innan du registrerar beslutet."),
        "beslut" => new(StatusKind.Success, "Beslutet är registrerat", "Publicera beslutet när det ska bli offentligt."),
        "publicerat" => new(StatusKind.Success, "Beslutet är publicerat", "Beslutet finns på den öppna webbplatsen och e-post skickas till kommunerna."),
        "skickas-igen" => new(StatusKind.Success, "Meddelandet skickas igen", "Det nya försöket står sist i tabellen."),
        _ => null,
    };
}
