using System.Text.Json.Serialization;

namespace Kommuntal.Core.Unaccompanied;

/// <summary>One municipality's share before and after the county's transfers, with the reasons of the transfers it took part in.</summary>
public sealed record CountyShareRow(string MunicipalityCode, string Name, PerMille Before, PerMille After, IReadOnlyList<string> Reasons)
{
    /// <summary>After minus before (negative: the municipality gave).</summary>
    [JsonIgnore] public PerMille Change => After - Before;
    [JsonIgnore] public bool Changed => After != Before;
}

/// <summary>
/// A county's shares for unaccompanied children for a year, before and after its transfers, and the
/// requests that were recorded but not applied (a request to lower or raise nobody took up). Stored
/// with a draft or a decision. The sum after equals the sum before, exactly.
/// </summary>
/// <param name="Source">Which stored versions the shares and requests come from ("andelstal 2022 v1; begäranden 2022-18 v2").</param>
public sealed record CountyShares(int Year, string CountyCode, string Source, IReadOnlyList<CountyShareRow> Rows,
    IReadOnlyList<ShareTransfer> Transfers, IReadOnlyList<ShareRequest> NotApplied)
{
    [JsonIgnore] public PerMille TotalBefore => new(Rows.Sum(r => r.Before.Thousandths));
    [JsonIgnore] public PerMille TotalAfter => new(Rows.Sum(r => r.After.Thousandths));
    [JsonIgnore] public IReadOnlyList<CountyShareRow> ChangedRows => [.. Rows.Where(r => r.Changed)];
    public CountyShareRow? Row(string municipalityCode) => Rows.FirstOrDefault(r => r.MunicipalityCode == municipalityCode);
}

/// <summary>
/// Applies a county's requests to its recorded shares: every transfer is applied in order (both
/// municipalities in the county, never below 0 ‰, the county's sum conserved exactly: the core's
/// <see cref="UnaccompaniedShares.Transfer"/>); a request to lower (raise) is taken up when a transfer
/// from (to) that municipality is among them, else it is recorded and not applied.
/// </summary>
public static class ShareRedistribution
{
    /// <summary>The county's shares after the requests; a refused transfer is a <see cref="ValidationFailedException"/> naming the file and line when <paramref name="file"/> and <paramref name="lines"/> are given.</summary>
    public static CountyShares Apply(int year, string countyCode, IReadOnlyList<RecordedShare> recorded, IReadOnlyList<ShareRequest> requests,
        ReferenceData reference, string source, string? file = null, IReadOnlyList<int>? lines = null)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(reference);
        var inCounty = new HashSet<string>(reference.MunicipalitiesIn(countyCode).Select(m => m.Code), StringComparer.Ordinal);
        var shares = UnaccompaniedShares.Record(year, recorded.Where(r => inCounty.Contains(r.MunicipalityCode)).Select(r => KeyValuePair.Create(r.MunicipalityCode, r.Share)), reference);
        var problems = new ProblemList(file ?? "andelstal");
        for (var i = 0; i < requests.Count; i++)
        {
            var r = requests[i];
            if (r.Kind != ShareRequestKind.Transfer) continue;
            try
            {
                shares = shares.Transfer(new ShareTransfer(r.MunicipalityCode, r.CounterpartCode ?? "", r.Amount ?? PerMille.Zero, r.Reason));
            }
            catch (ShareTransferRefusedException ex)
            {
                problems.Add(lines is not null && i < lines.Count ? lines[i] : null, ex.Code is "exceeds-share" or "non-positive-amount" ? "per_mille" : "counterpart_code",
                    ex.Code, ex.MessageSv, ex.Message);
            }
        }
        problems.ThrowIfAny();
        var transfers = shares.Transfers;
        var notApplied = requests.Where(r =>
            (r.Kind == ShareRequestKind.Lower && transfers.All(t => t.FromMunicipalityCode != r.MunicipalityCode))
            || (r.Kind == ShareRequestKind.Raise && transfers.All(t => t.ToMunicipalityCode != r.MunicipalityCode))).ToList();
        var rows = shares.County(countyCode).Select(m => new CountyShareRow(m.MunicipalityCode, m.Name, m.Recorded, m.Current,
            [.. m.Transfers.Select(t => t.Reason).Distinct(StringComparer.Ordinal)])).ToList();
        var result = new CountyShares(year, countyCode, source, rows, transfers, notApplied);
        if (result.TotalAfter != result.TotalBefore)
            throw new InvalidOperationException($"Shares of {countyCode}: the sum changed from {result.TotalBefore.ToInvariantString()} to {result.TotalAfter.ToInvariantString()} ‰.");
        return result;
    }
}
