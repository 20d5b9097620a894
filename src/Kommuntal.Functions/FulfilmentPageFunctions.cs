using Kommuntal.Web.Pages.Public;
using Kommuntal.Web.Rendering;

namespace Kommuntal.Functions;

/// <summary>
/// The public follow-up page (issue 19): <c>GET /api/public/uppfoljning/{year}</c>, anonymous, no
/// cookies; received against the kommuntal from the imported statistics, a chart over the months
/// with its table. One call to <see cref="FulfilmentService"/>, one component.
/// </summary>
public sealed class FulfilmentPageFunctions(FulfilmentService fulfilment, PageRenderer pages)
{
    [Function("GetPublicFulfilment")]
    public async Task<IActionResult> Page(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Public.FulfilmentRoute)] HttpRequest request, int year, CancellationToken ct)
    {
        SecurityHeaders.ApplyPage(request.HttpContext.Response);
        var view = await fulfilment.ViewAsync(year, ct);
        return await pages.PageAsync<FulfilmentPage>(new Dictionary<string, object?> { [nameof(FulfilmentPage.View)] = view });
    }
}
