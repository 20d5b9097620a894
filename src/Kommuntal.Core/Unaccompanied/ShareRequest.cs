namespace Kommuntal.Core.Unaccompanied;

/// <summary>What a municipality asks about its share for unaccompanied children.</summary>
public enum ShareRequestKind
{
    /// <summary>To have its share lowered (applied only when a transfer from it takes it up).</summary>
    Lower,
    /// <summary>To take a larger share (applied only when a transfer to it takes it up).</summary>
    Raise,
    /// <summary>A transfer agreed between two municipalities of the county: applied.</summary>
    Transfer,
}

/// <summary>
/// One request about a share: the municipality, the kind, the per mille (required for a transfer,
/// optional for a request to lower or raise), the counterpart that receives a transfer, and the reason.
/// </summary>
public sealed record ShareRequest(string MunicipalityCode, ShareRequestKind Kind, PerMille? Amount, string? CounterpartCode, string Reason)
{
    /// <summary>The kind as written in files: lower, raise, transfer.</summary>
    public static string KindName(ShareRequestKind kind) => kind switch
    {
        ShareRequestKind.Lower => "lower",
        ShareRequestKind.Raise => "raise",
        _ => "transfer",
    };

    /// <summary>lower/raise/transfer and their Swedish forms; null when unknown.</summary>
    public static ShareRequestKind? ParseKind(string text) => text.Trim().ToLowerInvariant() switch
    {
        "lower" or "minska" or "minskning" or "sänkning" or "sankning" => ShareRequestKind.Lower,
        "raise" or "öka" or "oka" or "ökning" or "okning" or "större ansvar" => ShareRequestKind.Raise,
        "transfer" or "omfördelning" or "omfordelning" or "överföring" or "overforing" => ShareRequestKind.Transfer,
        _ => null,
    };
}
