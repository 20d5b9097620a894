using Kommuntal.Application.Options;
using Kommuntal.Application.Portal;
using Kommuntal.Core.Ingestion;
using Kommuntal.Core.Validation;
using Kommuntal.Web.Components;
using Kommuntal.Web.Pages.Portal;
using Microsoft.Extensions.Options;

namespace Kommuntal.Functions;

/// <summary>
/// The portal's uploads (issue 17): the quota and the indicators (national), a county's wishes.
/// The import services read and check the whole file before they store anything, so a file with
/// problems comes back with every one of them (line or cell, field, message) and nothing stored;
/// a clean file is stored as a new version and the page shows it.
/// </summary>
public sealed class PortalUploadFunctions(QuotaImportService quotas, IndicatorImportService indicators, WishImportService wishes, PortalService portal,
    PortalGate gate, IOptions<IngestionOptions> options, ReferenceData reference)
{
    [Function("PostPortalQuota")]
    public Task<IActionResult> Quota(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Portal.QuotaUploadRoute)] HttpRequest request, int year, CancellationToken ct) =>
        gate.PostAsync(request, year, null, true, (c, form) => UploadAsync(c, form, "lanstal", "kvotfil", null, async file =>
        {
            var o = await quotas.ImportAsync(file, year, PortalGate.Actor(request), ct);
            return $"länstalen för {o.Version.Year} är sparade som version {o.Version.Version} (riket {Format.Number(o.Version.Quota.Total)} platser)"
                + (o.Created ? "." : "; filen var redan uppladdad.") + (o.FlaggedCounties.Count > 0 ? $" Nytt beslut behövs i {o.FlaggedCounties.Count} län." : "");
        }, ct));

    [Function("PostPortalIndicators")]
    public Task<IActionResult> Indicators(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Portal.IndicatorUploadRoute)] HttpRequest request, int year, CancellationToken ct) =>
        gate.PostAsync(request, year, null, true, (c, form) => UploadAsync(c, form, "indikatorer", "indikatorfil", null, async file =>
        {
            var o = await indicators.ImportAsync(file, year, PortalGate.Actor(request), ct);
            return $"indikatorerna för {o.Version.Year} är sparade som version {o.Version.Version}" + (o.Created ? "." : "; filen var redan uppladdad.");
        }, ct));

    /// <summary>The county comes from the form, so its access is checked here, after the gate let any coordinator in.</summary>
    [Function("PostPortalWishFile")]
    public Task<IActionResult> Wishes(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Portal.WishUploadRoute)] HttpRequest request, int year, CancellationToken ct) =>
        gate.PostAsync(request, year, null, false, (c, form) =>
        {
            var county = reference.FindCounty(form["lan"].ToString())?.Code;
            if (county is null || !c.Counties.Contains(county)) return gate.ForbiddenAsync(request, c);
            return UploadAsync(c, form, "onskemal", "onskemalsfil", county, async file =>
            {
                var o = await wishes.ImportAsync(file, year, county, PortalGate.Actor(request), ct);
                return $"önskemålen för {reference.County(county).Name} {o.Version.Year} är sparade som version {o.Version.Version} ({Format.Number(o.Version.Wishes.Count)} önskemål)"
                    + (o.RecordedNow ? " och gäller i nästa förslag." : "; de var redan sparade.");
            }, ct);
        });

    private async Task<IActionResult> UploadAsync(PortalContext c, IFormCollection form, string which, string field, string? county, Func<InputFile, Task<string>> import,
        CancellationToken ct)
    {
        var errors = new FormErrors();
        UploadOutcome? outcome = null;
        if (form.Files.GetFile("fil") is not { Length: > 0 } upload)
            errors.Add(field, "Välj en fil att ladda upp.");
        else if (upload.Length > options.Value.MaxFileBytes)
            errors.Add(field, $"Filen är för stor ({Format.Number(upload.Length)} byte). Största tillåtna storlek är {Format.Number(options.Value.MaxFileBytes)} byte.");
        else
        {
            using var buffer = new MemoryStream((int)upload.Length);
            await upload.CopyToAsync(buffer, ct);
            var file = new InputFile(Path.GetFileName(upload.FileName), buffer.ToArray());
            try
            {
                outcome = new UploadOutcome(which, file.Name, [], await import(file));
            }
            catch (ValidationFailedException ex)
            {
                outcome = new UploadOutcome(which, file.Name, ex.Problems, null);
                errors.Add(field, $"Filen {file.Name} har fel och sparades inte. Felen står i tabellen.");
            }
        }
        return await gate.RenderAsync<UploadsPage>(c, errors.Any ? 422 : 200, new()
        {
            [nameof(UploadsPage.Model)] = await portal.UploadsAsync(c.Year, c.National ? [] : c.Counties, ct),
            [nameof(UploadsPage.Outcome)] = outcome,
            [nameof(UploadsPage.Errors)] = errors,
            [nameof(UploadsPage.SelectedCounty)] = county,
        });
    }
}
