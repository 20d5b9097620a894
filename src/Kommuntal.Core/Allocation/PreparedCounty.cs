using Kommuntal.Core.Text;

namespace Kommuntal.Core.Allocation;

/// <summary>
/// The parameter-independent part of a request, checked and laid out as arrays in municipality-code
/// order: indicator shares, self-settled values and the bounds implied by the deviations. Built once
/// per request (or once for a whole what-if sweep).
/// </summary>
internal sealed class PreparedCounty
{
    public const int NoMaximum = int.MaxValue;

    public required AllocationRequest Request { get; init; }
    public required Municipality[] Municipalities { get; init; }
    public required string[] Codes { get; init; }
    public required MunicipalIndicators[] Rows { get; init; }
    public int Count => Municipalities.Length;
    public int Lanstal => Request.Lanstal;

    /// <summary>Shares within the county (null when the factor has no data or sums to zero) and why not.</summary>
    public double[]? Population { get; init; }
    public double[]? Labour { get; init; }
    public double[]? Reception { get; init; }
    public string? PopulationMissing { get; init; }
    public string? LabourMissing { get; init; }
    public string? ReceptionMissing { get; init; }
    /// <summary>Earlier reception as counted (reception + asylum seekers, the columns given); null when neither is.</summary>
    public double[]? EarlierReception { get; init; }
    public bool ReceptionGiven { get; init; }
    public bool AsylumSeekersGiven { get; init; }
    /// <summary>Expected self-settled arrivals (null when the county has no such data).</summary>
    public double[]? SelfSettled { get; init; }

    public required Deviation[][] DeviationsOf { get; init; }
    public required int[] Lower { get; init; }
    /// <summary>Upper bounds; <see cref="NoMaximum"/> when none.</summary>
    public required int[] Upper { get; init; }
    public required bool[] Fixed { get; init; }
    public bool AnyDeviation { get; init; }

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static PreparedCounty From(AllocationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.County);
        ArgumentNullException.ThrowIfNull(request.Municipalities);
        ArgumentNullException.ThrowIfNull(request.Indicators);
        ArgumentNullException.ThrowIfNull(request.Parameters);
        var county = request.County;
        var problems = new List<ValidationProblem>();
        if (request.Lanstal < 0)
            problems.Add(new("request", null, "lanstal", "negative-lanstal",
                $"Länstalet för {county.Name} är {request.Lanstal}; det får inte vara negativt.", $"The länstal of {county.Name} is {request.Lanstal}; it must not be negative."));

        var munis = SortedByCode(request.Municipalities);
        if (munis.Length == 0)
            problems.Add(new("request", null, "municipalities", "no-municipalities",
                $"{county.Name} ({county.Code}) har inga kommuner.", $"County {county.Name} ({county.Code}) has no municipalities."));
        for (var i = 0; i < munis.Length; i++)
        {
            if (i > 0 && munis[i].Code == munis[i - 1].Code)
                problems.Add(new("request", null, "municipalities", "duplicate-municipality",
                    $"{munis[i].Name} ({munis[i].Code}) förekommer två gånger.", $"{munis[i].Name} ({munis[i].Code}) appears twice."));
            if (munis[i].CountyCode != county.Code)
                problems.Add(new("request", null, "municipalities", "municipality-outside-county",
                    $"{munis[i].Name} ({munis[i].Code}) ligger inte i {county.Name}.", $"{munis[i].Name} ({munis[i].Code}) is not in {county.Name}."));
        }
        if (problems.Count > 0) throw new ValidationFailedException(problems);

        var n = munis.Length;
        var codes = new string[n];
        var rows = new MunicipalIndicators[n];
        var withoutRow = new List<Municipality>();
        for (var i = 0; i < n; i++)
        {
            codes[i] = munis[i].Code;
            var row = request.Indicators.For(codes[i]);
            if (row is null) withoutRow.Add(munis[i]);
            rows[i] = row ?? new MunicipalIndicators(codes[i]);
        }

        var population = Column(rows, munis, withoutRow, r => r.Population, "population", "folkmängd", county, problems);
        var labour = Column(rows, munis, withoutRow, r => r.Labour, "labour", "arbetsmarknadsmått", county, problems);
        var reception = Column(rows, munis, withoutRow, r => r.Reception, "reception", "tidigare mottagande", county, problems);
        var asylum = Column(rows, munis, withoutRow, r => r.AsylumSeekers, "asylum_seekers", "asylsökande", county, problems);
        var selfSettled = Column(rows, munis, withoutRow, r => r.SelfSettled, "self_settled", "förväntade självbosatta", county, problems);
        if (withoutRow.Count > 0 && withoutRow.Count < n && problems.Count > 0)
            problems.Insert(0, new("indicators", null, "municipality_code", "missing-municipality",
                $"Indikatorer saknas helt för {Names(withoutRow)} i {county.Name}.", $"No indicators at all for {Names(withoutRow)} in {county.Name}."));
        if (problems.Count > 0) throw new ValidationFailedException(problems);

        double[]? earlier = null;
        if (reception is not null || asylum is not null)
        {
            earlier = new double[n];
            for (var i = 0; i < n; i++) earlier[i] = (reception?[i] ?? 0) + (asylum?[i] ?? 0);
        }
        var (popShare, popWhy) = Shares(population, "folkmängden", "the population");
        var (labShare, labWhy) = Shares(labour, "arbetsmarknadsmåttet", "the labour measure");
        var (recShare, recWhy) = Shares(earlier, "det tidigare mottagandet", "earlier reception");

        var (devs, lower, upper, isFixed) = Bounds(request, munis, codes);
        return new PreparedCounty
        {
            Request = request,
            Municipalities = munis,
            Codes = codes,
            Rows = rows,
            Population = popShare,
            Labour = labShare,
            Reception = recShare,
            PopulationMissing = popWhy,
            LabourMissing = labWhy,
            ReceptionMissing = recWhy,
            EarlierReception = earlier,
            ReceptionGiven = reception is not null,
            AsylumSeekersGiven = asylum is not null,
            SelfSettled = selfSettled,
            DeviationsOf = devs,
            Lower = lower,
            Upper = upper,
            Fixed = isFixed,
            AnyDeviation = request.Deviations.Count > 0,
        };
    }

    private static Municipality[] SortedByCode(IReadOnlyList<Municipality> list)
    {
        var array = new Municipality[list.Count];
        var sorted = true;
        for (var i = 0; i < array.Length; i++)
        {
            array[i] = list[i] ?? throw new ArgumentException("A municipality in the request is null.", nameof(list));
            if (i > 0 && string.CompareOrdinal(array[i - 1].Code, array[i].Code) > 0) sorted = false;
        }
        if (!sorted) Array.Sort(array, (a, b) => string.CompareOrdinal(a.Code, b.Code));
        return array;
    }

    /// <summary>A column's values when every municipality has one, null when none has; partial or invalid data is a problem.</summary>
    private static double[]? Column(MunicipalIndicators[] rows, Municipality[] munis, List<Municipality> withoutRow,
        Func<MunicipalIndicators, double?> get, string field, string nameSv, County county, List<ValidationProblem> problems)
    {
        var n = rows.Length;
        var given = 0;
        for (var i = 0; i < n; i++)
            if (get(rows[i]) is not null) given++;
        if (given == 0) return null;
        var values = new double[n];
        List<Municipality>? missing = null;
        for (var i = 0; i < n; i++)
        {
            if (get(rows[i]) is { } v)
            {
                if (!double.IsFinite(v) || v < 0)
                    problems.Add(new("indicators", null, field, "invalid-indicator",
                        $"{munis[i].Name} ({munis[i].Code}): {nameSv} {v.ToString(Inv)} är inte ett tal ≥ 0.",
                        $"{munis[i].Name} ({munis[i].Code}): {field} {v.ToString(Inv)} is not a number ≥ 0."));
                values[i] = v;
            }
            else if (!withoutRow.Contains(munis[i])) (missing ??= []).Add(munis[i]);
        }
        if (given < n)
        {
            if (missing is not null)
                problems.Add(new("indicators", null, field, "partial-indicator",
                    $"{SwedishFormat.Capitalise(nameSv)} finns för {given} av {n} kommuner i {county.Name} men saknas för {Names(missing)}. Ange den för alla kommuner i länet eller för ingen.",
                    $"{field} is given for {given} of {n} municipalities in {county.Name} but missing for {Names(missing)}. Give it for every municipality of the county or for none."));
            else
                problems.Add(new("indicators", null, field, "partial-indicator",
                    $"{SwedishFormat.Capitalise(nameSv)} finns för {given} av {n} kommuner i {county.Name}.",
                    $"{field} is given for {given} of {n} municipalities in {county.Name}."));
            return null;
        }
        return values;
    }

    private static (double[]? Shares, string? Why) Shares(double[]? values, string sv, string en)
    {
        if (values is null) return (null, $"uppgift saknas för länet / no data for the county");
        var total = 0.0;
        for (var i = 0; i < values.Length; i++) total += values[i];
        if (total <= 0) return (null, $"summan av {sv} är 0 i länet / {en} sums to 0 in the county");
        var shares = new double[values.Length];
        for (var i = 0; i < values.Length; i++) shares[i] = values[i] / total;
        return (shares, null);
    }

    private static (Deviation[][], int[], int[], bool[]) Bounds(AllocationRequest request, Municipality[] munis, string[] codes)
    {
        var n = munis.Length;
        var devs = new Deviation[n][];
        var lower = new int[n];
        var upper = new int[n];
        var isFixed = new bool[n];
        Array.Fill(devs, []);
        Array.Fill(upper, NoMaximum);
        if (request.Deviations is not { Count: > 0 } list) return (devs, lower, upper, isFixed);

        var county = request.County;
        var problems = new List<ValidationProblem>();
        var byIndex = new List<Deviation>[n];
        for (var d = 0; d < list.Count; d++)
        {
            var dev = list[d];
            var line = d + 1;
            if (dev is null) { problems.Add(new("deviations", line, null, "missing-deviation", "Tom avvikelse.", "Empty deviation.")); continue; }
            var i = Array.BinarySearch(codes, dev.MunicipalityCode, StringComparer.Ordinal);
            if (i < 0)
                problems.Add(new("deviations", line, "municipality_code", "municipality-outside-county",
                    $"Avvikelsen gäller kommunkod '{dev.MunicipalityCode}', som inte är en kommun i {county.Name}.",
                    $"The deviation is for municipality code '{dev.MunicipalityCode}', which is not a municipality of {county.Name}."));
            if (!Enum.IsDefined(dev.Kind))
                problems.Add(new("deviations", line, "kind", "unknown-kind", $"Okänd typ av avvikelse ({(int)dev.Kind}).", $"Unknown kind of deviation ({(int)dev.Kind})."));
            if (dev.Number < 0)
                problems.Add(new("deviations", line, "number", "negative-number", $"Antalet {dev.Number} är negativt.", $"The number {dev.Number} is negative."));
            if (string.IsNullOrWhiteSpace(dev.Reason))
                problems.Add(new("deviations", line, "reason", "missing-reason",
                    $"Avvikelsen för {(i >= 0 ? munis[i].Name : dev.MunicipalityCode)} saknar skäl; varje avvikelse måste ha ett skäl.",
                    $"The deviation for {(i >= 0 ? munis[i].Name : dev.MunicipalityCode)} has no reason; every deviation needs one."));
            if (i >= 0) (byIndex[i] ??= []).Add(dev);
        }
        if (problems.Count > 0) throw new ValidationFailedException(problems);

        var conflicts = new List<DeviationConflict>();
        for (var i = 0; i < n; i++)
        {
            if (byIndex[i] is not { } mine) continue;
            // Stable order inside a municipality: kind, number, reason (input order must not matter).
            mine.Sort((a, b) => a.Kind != b.Kind ? a.Kind.CompareTo(b.Kind)
                : a.Number != b.Number ? a.Number.CompareTo(b.Number) : string.CompareOrdinal(a.Reason, b.Reason));
            devs[i] = [.. mine];
            var m = munis[i];
            int? agreement = null, minimum = null, maximum = null;
            foreach (var kind in Enum.GetValues<DeviationKind>())
            {
                var same = mine.Where(x => x.Kind == kind).ToList();
                if (same.Count > 1)
                    conflicts.Add(new("duplicate-deviation", [m.Code],
                        $"{Who(m)} har {same.Count} avvikelser av typen {DeviationKinds.SwedishName(kind)}: {string.Join(" och ", same.Select(x => x.Number))}; ange högst en av varje typ.",
                        $"{Who(m)} has {same.Count} {DeviationKinds.EnglishName(kind)} deviations: {string.Join(" and ", same.Select(x => x.Number))}; give at most one of each kind."));
                if (same.Count == 0) continue;
                switch (kind)
                {
                    case DeviationKind.Agreement: agreement = same[0].Number; break;
                    case DeviationKind.Volunteer: minimum = same.Max(x => x.Number); break;
                    case DeviationKind.Housing: maximum = same.Min(x => x.Number); break;
                }
            }
            if (agreement is { } a && minimum is { } v && a < v)
                conflicts.Add(new("agreement-below-minimum", [m.Code],
                    $"{Who(m)}: överenskommelsen {a} är lägre än det frivilliga åtagandet minst {v}.",
                    $"{Who(m)}: the agreement of {a} is below the volunteered minimum of {v}."));
            if (agreement is { } a2 && maximum is { } h && a2 > h)
                conflicts.Add(new("agreement-above-maximum", [m.Code],
                    $"{Who(m)}: överenskommelsen {a2} är högre än bostadstaket högst {h}.",
                    $"{Who(m)}: the agreement of {a2} is above the housing maximum of {h}."));
            if (agreement is null && minimum is { } v2 && maximum is { } h2 && v2 > h2)
                conflicts.Add(new("minimum-above-maximum", [m.Code],
                    $"{Who(m)}: det frivilliga åtagandet minst {v2} är högre än bostadstaket högst {h2}.",
                    $"{Who(m)}: the volunteered minimum of {v2} is above the housing maximum of {h2}."));
            if (agreement is { } fixedAt)
            {
                isFixed[i] = true;
                lower[i] = upper[i] = fixedAt;
            }
            else
            {
                lower[i] = minimum ?? 0;
                upper[i] = maximum ?? NoMaximum;
            }
        }
        if (conflicts.Count > 0) throw new InfeasibleDeviationsException(conflicts);

        var h0 = request.Lanstal;
        long fixedSum = 0, lowerSum = 0, upperSum = 0;
        var allBounded = true;
        for (var i = 0; i < n; i++)
        {
            if (isFixed[i]) fixedSum += lower[i];
            lowerSum += lower[i];
            if (upper[i] == NoMaximum) allBounded = false;
            else upperSum += upper[i];
        }
        string List(Func<int, bool> which, Func<int, string> number) =>
            string.Join(", ", Enumerable.Range(0, n).Where(which).Select(i => $"{Who(munis[i])} {number(i)}"));
        IReadOnlyList<string> Codes(Func<int, bool> which) => Enumerable.Range(0, n).Where(which).Select(i => codes[i]).ToList();
        if (fixedSum > h0)
            conflicts.Add(new("agreements-exceed-lanstal", Codes(i => isFixed[i]),
                $"Överenskommelserna summerar till {fixedSum} men länstalet för {county.Name} är {h0}: {List(i => isFixed[i], i => lower[i].ToString(Inv))}.",
                $"The agreements sum to {fixedSum} but the länstal of {county.Name} is {h0}: {List(i => isFixed[i], i => lower[i].ToString(Inv))}."));
        else if (lowerSum > h0)
            conflicts.Add(new("minimums-exceed-lanstal", Codes(i => lower[i] > 0),
                $"Överenskommelser och frivilliga åtaganden kräver minst {lowerSum} men länstalet för {county.Name} är {h0}: {List(i => lower[i] > 0, i => (isFixed[i] ? "" : "minst ") + lower[i].ToString(Inv))}.",
                $"Agreements and volunteered minimums need at least {lowerSum} but the länstal of {county.Name} is {h0}: {List(i => lower[i] > 0, i => (isFixed[i] ? "" : "at least ") + lower[i].ToString(Inv))}."));
        if (allBounded && upperSum < h0)
            conflicts.Add(new("maximums-below-lanstal", codes,
                $"Överenskommelser och bostadstak medger högst {upperSum} men länstalet för {county.Name} är {h0}: {List(_ => true, i => (isFixed[i] ? "" : "högst ") + upper[i].ToString(Inv))}.",
                $"Agreements and housing maximums allow at most {upperSum} but the länstal of {county.Name} is {h0}: {List(_ => true, i => (isFixed[i] ? "" : "at most ") + upper[i].ToString(Inv))}."));
        if (conflicts.Count > 0) throw new InfeasibleDeviationsException(conflicts);
        return (devs, lower, upper, isFixed);
    }

    internal static string Who(Municipality m) => $"{m.Name} ({m.Code})";

    private static string Names(IEnumerable<Municipality> list) => string.Join(", ", list.Select(Who));

}
