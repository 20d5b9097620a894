using System.Diagnostics.Metrics;

namespace Kommuntal.Functions.Http;

/// <summary>
/// The count of refused coordinator requests (401 and 403). Refusals are logged and counted, never
/// written to storage: an anonymous caller must not be able to fill a county's audit trail.
/// Tags: <c>status</c> (401, 403), <c>authenticated</c>, <c>scope</c> (county, national).
/// </summary>
public sealed class AccessMetrics
{
    public const string MeterName = "Kommuntal.Access";
    public const string RefusedInstrument = "kommuntal.access.refused";

    private readonly Counter<long> _refused;

    public AccessMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _refused = meter.CreateCounter<long>(RefusedInstrument, "{request}", "Coordinator requests refused with 401 or 403.");
    }

    public void Refused(int status, bool authenticated, bool national) =>
        _refused.Add(1,
            new KeyValuePair<string, object?>("status", status),
            new KeyValuePair<string, object?>("authenticated", authenticated),
            new KeyValuePair<string, object?>("scope", national ? "national" : "county"));
}
