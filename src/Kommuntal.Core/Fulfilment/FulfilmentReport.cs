namespace Kommuntal.Core.Fulfilment;

/// <summary>Where a municipality's kommuntal in the report comes from.</summary>
public enum KommuntalSource
{
    /// <summary>The county board's published decision the system holds.</summary>
    Decision,
    /// <summary>The statistics file's own Tal/Kommuntal column (no published decision is held).</summary>
    File,
}

/// <summary>
/// Kommuntal against received for one unit (municipality, county or nation); every figure an exact
/// integer. The pro-rata expectation is kept in twelfths of a person
/// (<see cref="ExpectedTwelfths"/> = kommuntal × months) so no rounding enters a comparison or a sum.
/// </summary>
public abstract record FulfilmentFigures(int Kommuntal, int Received, int Months)
{
    /// <summary>Places left: kommuntal − received (negative when more were received than the kommuntal).</summary>
    public int Remaining => Kommuntal - Received;

    /// <summary>Received as a share of the kommuntal in percent, one decimal; null when the kommuntal is 0.</summary>
    public decimal? SharePercent => Kommuntal == 0 ? null : Math.Round(Received * 100m / Kommuntal, 1, MidpointRounding.AwayFromZero);

    /// <summary>The pro-rata expectation for the period in twelfths of a person: kommuntal × months.</summary>
    public long ExpectedTwelfths => (long)Kommuntal * Months;

    /// <summary>The pro-rata expectation (kommuntal × months / 12), one decimal, for display.</summary>
    public decimal Expected => Math.Round(ExpectedTwelfths / 12m, 1, MidpointRounding.AwayFromZero);

    /// <summary>Received minus the pro-rata expectation, one decimal (negative: behind).</summary>
    public decimal AgainstExpected => Math.Round((Received * 12L - ExpectedTwelfths) / 12m, 1, MidpointRounding.AwayFromZero);

    /// <summary>
    /// True when received is more than <paramref name="thresholdPercent"/> percent of the pro-rata
    /// expectation below it (exact: received × 12 × 100 &lt; expected twelfths × (100 − threshold)).
    /// </summary>
    public bool IsBehind(int thresholdPercent) =>
        ExpectedTwelfths > 0 && Received * 12L * 100 < ExpectedTwelfths * (100 - Math.Clamp(thresholdPercent, 0, 100));
}

/// <summary>A municipality's line: its kommuntal and where it comes from, received, and whether the file had it.</summary>
public sealed record MunicipalFulfilment(string Code, string Name, string CountyCode, int Kommuntal, int Received, int Months, KommuntalSource Source, bool MissingFromFile)
    : FulfilmentFigures(Kommuntal, Received, Months);

/// <summary>A county's sums over its municipalities.</summary>
public sealed record CountyFulfilment(string Code, string Name, int Kommuntal, int Received, int Months, IReadOnlyList<MunicipalFulfilment> Municipalities)
    : FulfilmentFigures(Kommuntal, Received, Months);

/// <summary>The report for a year (and the period it runs to; null: the whole year): the nation's sums over its counties.</summary>
public sealed record FulfilmentReport(int Year, string? Period, int Kommuntal, int Received, int Months, IReadOnlyList<CountyFulfilment> Counties)
    : FulfilmentFigures(Kommuntal, Received, Months)
{
    public IEnumerable<MunicipalFulfilment> Municipalities => Counties.SelectMany(c => c.Municipalities);

    /// <summary>The report for one county only (the nation's sums become that county's).</summary>
    public FulfilmentReport ForCounty(string countyCode)
    {
        var counties = Counties.Where(c => c.Code == countyCode).ToList();
        return this with { Counties = counties, Kommuntal = counties.Sum(c => c.Kommuntal), Received = counties.Sum(c => c.Received) };
    }
}

/// <summary>
/// Builds the fulfilment report (pure): the counties covered are those the file names a
/// municipality of and those with a published decision; every municipality of a covered county is
/// listed, one missing from the file with 0 received. A municipality's kommuntal is its published
/// decision's number where the system holds one, else the file's column (0 when neither has it).
/// County sums are the sums of their municipalities, the nation's the sums of the counties.
/// </summary>
public static class FulfilmentReportBuilder
{
    /// <param name="decided">Published decided kommuntal by municipality code (the counties with a published decision).</param>
    public static FulfilmentReport Build(ReferenceData reference, int year, string? period, IReadOnlyList<FulfilmentRow> rows, IReadOnlyDictionary<string, int> decided)
    {
        var months = FulfilmentFileParser.MonthsOf(period);
        var byCode = rows.ToDictionary(r => r.MunicipalityCode, StringComparer.Ordinal);
        var covered = rows.Select(r => r.MunicipalityCode).Concat(decided.Keys)
            .Select(c => reference.FindMunicipality(c)?.CountyCode).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var counties = new List<CountyFulfilment>();
        foreach (var county in reference.Counties.Where(c => covered.Contains(c.Code)))
        {
            var lines = reference.MunicipalitiesIn(county.Code).OrderBy(m => m.Code, StringComparer.Ordinal).Select(m =>
            {
                var row = byCode.GetValueOrDefault(m.Code);
                var fromDecision = decided.TryGetValue(m.Code, out var d);
                return new MunicipalFulfilment(m.Code, m.Name, county.Code, fromDecision ? d : row?.Kommuntal ?? 0, row?.Received ?? 0, months,
                    fromDecision ? KommuntalSource.Decision : KommuntalSource.File, row is null);
            }).ToList();
            counties.Add(new CountyFulfilment(county.Code, county.Name, lines.Sum(l => l.Kommuntal), lines.Sum(l => l.Received), months, lines));
        }
        return new FulfilmentReport(year, period, counties.Sum(c => c.Kommuntal), counties.Sum(c => c.Received), months, counties);
    }
}

/// <summary>
/// The report as the command line's <c>--json</c> and the HTTP API give it, exactly the shape of issue 19:
/// <c>{"year":Y,"kommuntal":N,"received":N,"counties":[{"code","kommuntal","received"}],"municipalities":[{"code","kommuntal","received","source"}]}</c>.
/// </summary>
public sealed record FulfilmentSummary(int Year, int Kommuntal, int Received, IReadOnlyList<FulfilmentSummary.County> Counties, IReadOnlyList<FulfilmentSummary.Municipality> Municipalities)
{
    /// <summary>A county's sums.</summary>
    public sealed record County(string Code, int Kommuntal, int Received);

    /// <summary>A municipality's line; source "decision" or "file".</summary>
    public sealed record Municipality(string Code, int Kommuntal, int Received, string Source);

    public static FulfilmentSummary From(FulfilmentReport report) => new(report.Year, report.Kommuntal, report.Received,
        [.. report.Counties.Select(c => new County(c.Code, c.Kommuntal, c.Received))],
        [.. report.Municipalities.Select(m => new Municipality(m.Code, m.Kommuntal, m.Received, m.Source == KommuntalSource.Decision ? "decision" : "file"))]);
}

/// <summary>A municipality's unfulfilled places of a year (kommuntal − received, when positive).</summary>
public sealed record CarryOverLine(string Code, string Name, int Unfulfilled);

/// <summary>
/// Carry-over (issue 19; a policy choice, off by default: Kommuntal:Fulfilment:ShowCarryOver): the
/// places a county's municipalities did not fill in year Y, from Y's whole-year statistics, shown in
/// year Y+1's proposal as information beside the model, as the Netherlands carries its backlog.
/// It never changes a number the model computes.
/// </summary>
public sealed record CarryOver(int FromYear, string CountyCode, IReadOnlyList<CarryOverLine> Lines)
{
    public int Total => Lines.Sum(l => l.Unfulfilled);

    /// <summary>The county's municipalities with places left (remaining &gt; 0) in a whole-year report.</summary>
    public static CarryOver From(FulfilmentReport wholeYear, string countyCode) => new(wholeYear.Year, countyCode,
        [.. wholeYear.Counties.Where(c => c.Code == countyCode).SelectMany(c => c.Municipalities).Where(m => m.Remaining > 0)
            .Select(m => new CarryOverLine(m.Code, m.Name, m.Remaining))]);
}
