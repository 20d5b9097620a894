using Kommuntal.Core.Unaccompanied;

namespace Kommuntal.Core.Documents;

/// <summary>
/// Every Swedish sentence about the shares for unaccompanied children (andelstal) in a decision and
/// its e-mail, modelled on Länsstyrelsen i Örebro läns e-mail of 8 November 2021.
/// </summary>
public static class UnaccompaniedText
{
    public const string Heading = "Andelstal för mottagande av ensamkommande barn";
    public const string AnnexHeading = "Andelstal för mottagande av ensamkommande barn per kommun";

    /// <summary>"Askersund", "Askersund och Laxå", "Askersund, Laxå och Nora".</summary>
    public static string Names(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count switch
        {
            0 => "",
            1 => list[0],
            _ => string.Join(", ", list.Take(list.Count - 1)) + " och " + list[^1],
        };
    }

    /// <summary>The municipalities (by name, in the county's order) that asked to lower and were not taken up.</summary>
    public static IReadOnlyList<string> NotTakenUp(CountyShares shares, ShareRequestKind kind)
    {
        ArgumentNullException.ThrowIfNull(shares);
        var codes = shares.NotApplied.Where(r => r.Kind == kind).Select(r => r.MunicipalityCode).ToHashSet(StringComparer.Ordinal);
        return [.. shares.Rows.Where(r => codes.Contains(r.MunicipalityCode)).Select(r => r.Name)];
    }

    /// <summary>
    /// The decision's (or with <paramref name="proposal"/> the proposal's) paragraphs: what
    /// Migrationsverket set, and either the redistribution or why there is none.
    /// </summary>
    public static IReadOnlyList<string> DecisionParagraphs(CountyShares shares, string countyName, bool proposal = false)
    {
        ArgumentNullException.ThrowIfNull(shares);
        return
        [
            $"Migrationsverket har fastställt andelstal för mottagande av ensamkommande barn {shares.Year}. Kommunerna i {countyName} har tillsammans {shares.TotalBefore}. Andelstalen per kommun finns i bilagan.",
            .. RedistributionParagraphs(shares, proposal),
        ];
    }

    /// <summary>The redistribution (proposed, with <paramref name="proposal"/>), or why there is none: the decision's paragraphs after the first, and the portal's.</summary>
    public static IReadOnlyList<string> RedistributionParagraphs(CountyShares shares, bool proposal)
    {
        ArgumentNullException.ThrowIfNull(shares);
        var lower = NotTakenUp(shares, ShareRequestKind.Lower);
        var raise = NotTakenUp(shares, ShareRequestKind.Raise);
        if (shares.Transfers.Count == 0) return [NoRedistribution(lower, raise, null)];
        var paragraphs = new List<string>
        {
            proposal
                ? $"Efter överenskommelse mellan kommunerna föreslår Länsstyrelsen att andelstal omfördelas inom länet enligt tabellen nedan. Länets summa är oförändrad, {shares.TotalAfter}."
                : $"Efter överenskommelse mellan kommunerna omfördelas andelstal inom länet enligt tabellen nedan. Länets summa är oförändrad, {shares.TotalAfter}.",
        };
        if (lower.Count > 0)
            paragraphs.Add($"{Names(lower)} har också aviserat att {Pronoun(lower)} önskar en minskning av {Possessive(lower)} andelstal, men ingen kommun har meddelat att den vill ta över den delen, så den omfördelas inte.");
        if (raise.Count > 0)
            paragraphs.Add($"{Names(raise)} har meddelat att {Pronoun(raise)} vill ta ett större ansvar, men ingen kommun har lämnat någon andel till {(raise.Count == 1 ? "den" : "dem")} utöver det som anges i tabellen.");
        return paragraphs;
    }

    /// <summary>The e-mail's one paragraph (with <paramref name="proposal"/>, the proposal's: the redistribution is proposed).</summary>
    public static string EmailParagraph(CountyShares shares, bool proposal = false)
    {
        ArgumentNullException.ThrowIfNull(shares);
        var lower = NotTakenUp(shares, ShareRequestKind.Lower);
        var raise = NotTakenUp(shares, ShareRequestKind.Raise);
        if (shares.Transfers.Count == 0)
            return NoRedistribution(lower, raise, "Vad gäller ensamkommande barn");
        var name = shares.Rows.ToDictionary(r => r.MunicipalityCode, r => r.Name, StringComparer.Ordinal);
        var moves = shares.Transfers.Select(t => $"{name.GetValueOrDefault(t.FromMunicipalityCode, t.FromMunicipalityCode)} lämnar {t.Amount} av sitt andelstal till {name.GetValueOrDefault(t.ToMunicipalityCode, t.ToMunicipalityCode)}");
        var text = proposal
            ? $"Vad gäller ensamkommande barn föreslår Länsstyrelsen att andelstal omfördelas inom länet efter överenskommelse mellan kommunerna: {Names(moves)}. Länets summa av andelstal är oförändrad, {shares.TotalAfter}."
            : $"Vad gäller ensamkommande barn har andelstal omfördelats inom länet efter överenskommelse mellan kommunerna: {Names(moves)}. Länets summa av andelstal är oförändrad, {shares.TotalAfter}.";
        if (lower.Count > 0)
            text += $" {Names(lower)} har också aviserat att {Pronoun(lower)} önskar en minskning, men då ingen kommun har meddelat att den vill ta ett större ansvar "
                    + (proposal ? "omfördelas den inte." : "har den inte omfördelats.");
        return text;
    }

    /// <summary>The change column: "−0,500 ‰", "+0,500 ‰".</summary>
    public static string Change(PerMille change) => change.Thousandths switch
    {
        > 0 => "+" + change,
        < 0 => "\u2212" + new PerMille(-change.Thousandths),
        _ => change.ToString(),
    };

    /// <summary>Why nothing was redistributed; with <paramref name="lead"/> ("Vad gäller ensamkommande barn") the verb comes before the subject.</summary>
    private static string NoRedistribution(IReadOnlyList<string> lower, IReadOnlyList<string> raise, string? lead)
    {
        string Has(string subject) => lead is null ? $"{subject} har" : $"{lead} har {subject}";
        if (lower.Count > 0 && raise.Count == 0)
            return $"{Has(Names(lower))} aviserat att {Pronoun(lower)} önskar en minskning av {Possessive(lower)} andelstal, men då ingen kommun har meddelat att den vill ta ett större ansvar har det inte skett någon omfördelning i länet.";
        if (lower.Count > 0)
            return $"{Has(Names(lower))} aviserat att {Pronoun(lower)} önskar en minskning av {Possessive(lower)} andelstal och {Names(raise)} att {Pronoun(raise)} vill ta ett större ansvar, men kommunerna har inte kommit överens om någon omfördelning, så det har inte skett någon omfördelning i länet.";
        if (raise.Count > 0)
            return $"{Has(Names(raise))} meddelat att {Pronoun(raise)} vill ta ett större ansvar, men ingen kommun har aviserat att den önskar en minskning, så det har inte skett någon omfördelning i länet.";
        return lead is null
            ? "Ingen kommun har begärt någon ändring av sitt andelstal, så det har inte skett någon omfördelning i länet."
            : $"{lead} har ingen kommun begärt någon ändring av sitt andelstal, så det har inte skett någon omfördelning i länet.";
    }

    private static string Pronoun(IReadOnlyList<string> names) => names.Count == 1 ? "den" : "de";
    private static string Possessive(IReadOnlyList<string> names) => names.Count == 1 ? "sitt" : "sina";
}
