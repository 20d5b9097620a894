namespace Kommuntal.Core.Unaccompanied;

/// <summary>
/// A transfer of (part of) a municipality's share for unaccompanied children to another
/// municipality in the same county (possible since 2019; the board proposes, the county total is
/// unchanged). Always with a reason.
/// </summary>
public sealed record ShareTransfer(string FromMunicipalityCode, string ToMunicipalityCode, PerMille Amount, string Reason);

/// <summary>Why a transfer was refused, in Swedish and English, with a stable code.</summary>
/// <param name="Code">unknown-municipality, no-recorded-share, same-municipality, different-counties, non-positive-amount, exceeds-share, missing-reason.</param>
public sealed class ShareTransferRefusedException(string code, string messageSv, string messageEn) : KommuntalException(code, messageSv, messageEn)
{
    public override FailureKind Kind => FailureKind.Invalid;
}

/// <summary>One municipality's share: as recorded, what it gave and received, and what it has now.</summary>
public sealed record MunicipalShare(
    string MunicipalityCode,
    string Name,
    PerMille Recorded,
    PerMille Given,
    PerMille Received,
    PerMille Current,
    IReadOnlyList<ShareTransfer> Transfers);

/// <summary>
/// The per-mille shares (andelstal) of unaccompanied children for one year as Migrationsverket set
/// them, and the redistributions within counties applied to them. Immutable: each transfer returns
/// a new instance. Integer arithmetic (thousandths of a per mille): every county's sum is conserved
/// exactly, no share goes below 0 ‰.
/// </summary>
public sealed class UnaccompaniedShares
{
    private readonly ReferenceData _reference;
    private readonly Dictionary<string, PerMille> _recorded;
    private readonly Dictionary<string, PerMille> _current;
    private readonly List<ShareTransfer> _transfers;

    private UnaccompaniedShares(int year, ReferenceData reference, Dictionary<string, PerMille> recorded, Dictionary<string, PerMille> current, List<ShareTransfer> transfers)
    {
        Year = year;
        _reference = reference;
        _recorded = recorded;
        _current = current;
        _transfers = transfers;
    }

    public int Year { get; }
    public IReadOnlyDictionary<string, PerMille> Recorded => _recorded;
    public IReadOnlyDictionary<string, PerMille> Current => _current;
    public IReadOnlyList<ShareTransfer> Transfers => _transfers;

    /// <summary>
    /// Records a year's shares (any set of municipalities, e.g. the whole country or one county).
    /// Unknown municipalities, duplicates and negative shares are rejected, every problem at once.
    /// </summary>
    public static UnaccompaniedShares Record(int year, IEnumerable<KeyValuePair<string, PerMille>> shares, ReferenceData reference, string source = "andelstal")
    {
        ArgumentNullException.ThrowIfNull(shares);
        ArgumentNullException.ThrowIfNull(reference);
        var problems = new ProblemList(source);
        var recorded = new Dictionary<string, PerMille>(StringComparer.Ordinal);
        var line = 0;
        foreach (var (code, share) in shares)
        {
            line++;
            var m = reference.FindMunicipality(code);
            if (m is null)
                problems.Add(line, "municipality_code", "unknown-municipality", $"Okänd kommunkod '{code}'.", $"Unknown municipality code '{code}'.");
            else if (recorded.ContainsKey(code))
                problems.Add(line, "municipality_code", "duplicate-municipality", $"{m.Name} ({code}) förekommer två gånger.", $"{m.Name} ({code}) appears twice.");
            else if (share < PerMille.Zero)
                problems.Add(line, "share", "negative-share", $"{m.Name}: andelstalet {share} är negativt.", $"{m.Name}: the share {share.ToInvariantString()} ‰ is negative.");
            else recorded[code] = share;
        }
        problems.ThrowIfAny();
        return new UnaccompaniedShares(year, reference, recorded, new Dictionary<string, PerMille>(recorded, StringComparer.Ordinal), []);
    }

    /// <summary>The current share of a municipality (after transfers); zero when none was recorded.</summary>
    public PerMille ShareOf(string municipalityCode) => _current.GetValueOrDefault(municipalityCode);

    /// <summary>The sum of the current shares of a county's municipalities (equal to the recorded sum, always).</summary>
    public PerMille CountyTotal(string countyCode)
    {
        var sum = PerMille.Zero;
        foreach (var m in _reference.MunicipalitiesIn(countyCode)) sum += _current.GetValueOrDefault(m.Code);
        return sum;
    }

    /// <summary>The sum of all current shares.</summary>
    public PerMille Total => new(_current.Values.Sum(v => v.Thousandths));

    /// <summary>Hands <paramref name="transfer"/>'s amount from giver to receiver; refused across counties or below 0 ‰.</summary>
    public UnaccompaniedShares Transfer(ShareTransfer transfer)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        var from = _reference.FindMunicipality(transfer.FromMunicipalityCode)
            ?? throw Refused("unknown-municipality", $"Okänd kommunkod '{transfer.FromMunicipalityCode}'.", $"Unknown municipality code '{transfer.FromMunicipalityCode}'.");
        var to = _reference.FindMunicipality(transfer.ToMunicipalityCode)
            ?? throw Refused("unknown-municipality", $"Okänd kommunkod '{transfer.ToMunicipalityCode}'.", $"Unknown municipality code '{transfer.ToMunicipalityCode}'.");
        if (string.IsNullOrWhiteSpace(transfer.Reason))
            throw Refused("missing-reason", $"Omfördelningen från {from.Name} till {to.Name} saknar skäl.", $"The transfer from {from.Name} to {to.Name} has no reason.");
        if (from.Code == to.Code)
            throw Refused("same-municipality", $"{from.Name} kan inte lämna andelstal till sig själv.", $"{from.Name} cannot hand its share to itself.");
        if (from.CountyCode != to.CountyCode)
        {
            var fc = _reference.FindCounty(from.CountyCode)?.Name ?? from.CountyCode;
            var tc = _reference.FindCounty(to.CountyCode)?.Name ?? to.CountyCode;
            throw Refused("different-counties",
                $"{from.Name} ({fc}) och {to.Name} ({tc}) ligger i olika län; andelstal kan bara omfördelas inom ett län.",
                $"{from.Name} ({fc}) and {to.Name} ({tc}) are in different counties; shares can only be redistributed within a county.");
        }
        if (!_current.TryGetValue(from.Code, out var available))
            throw Refused("no-recorded-share", $"{from.Name} har inget andelstal för {Year}.", $"{from.Name} has no recorded share for {Year}.");
        if (!_current.ContainsKey(to.Code))
            throw Refused("no-recorded-share", $"{to.Name} har inget andelstal för {Year}.", $"{to.Name} has no recorded share for {Year}.");
        if (transfer.Amount <= PerMille.Zero)
            throw Refused("non-positive-amount", $"Andelen att lämna måste vara större än 0 ‰, inte {transfer.Amount}.",
                $"The amount to hand over must be greater than 0 ‰, not {transfer.Amount.ToInvariantString()} ‰.");
        if (transfer.Amount > available)
            throw Refused("exceeds-share",
                $"{from.Name} har {available} och kan inte lämna {transfer.Amount} (andelstalet får inte bli negativt).",
                $"{from.Name} has {available.ToInvariantString()} ‰ and cannot hand over {transfer.Amount.ToInvariantString()} ‰ (a share cannot go negative).");
        var current = new Dictionary<string, PerMille>(_current, StringComparer.Ordinal)
        {
            [from.Code] = available - transfer.Amount,
            [to.Code] = _current[to.Code] + transfer.Amount,
        };
        return new UnaccompaniedShares(Year, _reference, _recorded, current, [.. _transfers, transfer with { Reason = transfer.Reason.Trim() }]);
    }

    /// <summary>Hands the giver's whole current share to the receiver (down to 0 ‰).</summary>
    public UnaccompaniedShares TransferAll(string fromMunicipalityCode, string toMunicipalityCode, string reason) =>
        Transfer(new ShareTransfer(fromMunicipalityCode, toMunicipalityCode, ShareOf(fromMunicipalityCode), reason));

    /// <summary>The county's municipalities with recorded, given, received and current shares.</summary>
    public IReadOnlyList<MunicipalShare> County(string countyCode) =>
        _reference.MunicipalitiesIn(countyCode).Where(m => _recorded.ContainsKey(m.Code)).Select(m =>
        {
            var mine = _transfers.Where(t => t.FromMunicipalityCode == m.Code || t.ToMunicipalityCode == m.Code).ToList();
            var given = new PerMille(mine.Where(t => t.FromMunicipalityCode == m.Code).Sum(t => t.Amount.Thousandths));
            var received = new PerMille(mine.Where(t => t.ToMunicipalityCode == m.Code).Sum(t => t.Amount.Thousandths));
            return new MunicipalShare(m.Code, m.Name, _recorded[m.Code], given, received, _current[m.Code], mine);
        }).ToList();

    /// <summary>"Hallsberg lämnar 0,500 ‰ av sitt andelstal till Örebro (skäl: …)."</summary>
    public string SwedishDescription(ShareTransfer t)
    {
        ArgumentNullException.ThrowIfNull(t);
        var from = _reference.FindMunicipality(t.FromMunicipalityCode)?.Name ?? t.FromMunicipalityCode;
        var to = _reference.FindMunicipality(t.ToMunicipalityCode)?.Name ?? t.ToMunicipalityCode;
        return $"{from} lämnar {t.Amount} av sitt andelstal för ensamkommande barn till {to} (skäl: {t.Reason.Trim().TrimEnd('.')}).";
    }

    private static ShareTransferRefusedException Refused(string code, string sv, string en) => new(code, sv, en);
}
