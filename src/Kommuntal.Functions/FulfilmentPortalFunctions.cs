using Kommuntal.Application.Portal;
using Kommuntal.Web.Pages.Portal;

namespace Kommuntal.Functions;

/// <summary>
/// The portal's follow-up page (issue 19): <c>GET /api/portal/{year}/lan/{county}/uppfoljning</c>,
/// for the county's coordinator (or the national one) through <see cref="PortalGate"/>; one call to
/// <see cref="FulfilmentPortalService"/>, one component.
/// </summary>
public sealed class FulfilmentPortalFunctions(FulfilmentPortalService fulfilment, PortalGate gate)
{
    [Function("GetPortalFulfilment")]
    public Task<IActionResult> Page(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Portal.FulfilmentRoute)] HttpRequest request, int year, string county, CancellationToken ct) =>
        gate.PageAsync(request, year, county, false, async c =>
            await gate.RenderAsync<FulfilmentPortalPage>(c, new() { [nameof(FulfilmentPortalPage.Model)] = await fulfilment.ViewAsync(year, county, ct) }));
}
