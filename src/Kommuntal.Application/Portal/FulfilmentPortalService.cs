using Kommuntal.Application.Services;
using Kommuntal.Core.Fulfilment;

namespace Kommuntal.Application.Portal;

/// <summary>The portal's follow-up page of a county-year: the county's figures (null: no statistics for it) and the e-mail's threshold.</summary>
public sealed record FulfilmentPortalView(CountyYearView CountyYear, CountyFulfilment? County, int Months, string? Period, int ThresholdPercent);

/// <summary>Loads the portal's follow-up page (issue 19) in one call: the county-year's frame and the county's figures from the year's latest statistics.</summary>
public sealed class FulfilmentPortalService(PortalService portal, FulfilmentService fulfilment, IOptions<FulfilmentOptions> options)
{
    public async Task<FulfilmentPortalView> ViewAsync(int year, string countyCode, CancellationToken cancellationToken)
    {
        var view = await portal.CountyYearAsync(year, countyCode, cancellationToken);
        var threshold = options.Value.BehindThresholdPercent;
        var report = await fulfilment.LatestReportAsync(year, cancellationToken);
        return report is null
            ? new FulfilmentPortalView(view, null, 0, null, threshold)
            : new FulfilmentPortalView(view, report.Counties.FirstOrDefault(c => c.Code == view.County.Code), report.Months, report.Period, threshold);
    }
}
