using Kommuntal.Core.Fulfilment;
using Kommuntal.Core.Text;

namespace Kommuntal.Core.Notifications;

/// <summary>
/// The monthly message to a county's coordinator (issue 19): the municipalities that have received
/// more than the threshold below their pro-rata expectation for the period, with the county's
/// figures. Swedish, plain text and HTML (a table). Pure.
/// </summary>
public static class FulfilmentMessageBuilder
{
    /// <summary>"januari–juni 2022" for 2022-06, "hela 2022" for the whole year.</summary>
    public static string PeriodText(int year, string? period)
    {
        if (period is null) return $"hela {year}";
        var month = FulfilmentFileParser.MonthsOf(period);
        var name = SwedishFormat.Culture.DateTimeFormat.GetMonthName(month);
        return month == 1 ? $"januari {year}" : $"januari–{name} {year}";
    }

    /// <summary>A share or expectation with one decimal, Swedish ("45,5").</summary>
    public static string Decimal(decimal value) => value.ToString("#,0.0", SwedishFormat.Culture);

    public static EmailContent Behind(CountyFulfilment county, int year, string? period, int thresholdPercent)
    {
        var behind = county.Municipalities.Where(m => m.IsBehind(thresholdPercent)).ToList();
        var when = PeriodText(year, period);
        var subject = $"Uppföljning av anvisningar {when}: {behind.Count} {(behind.Count == 1 ? "kommun" : "kommuner")} i {county.Name} ligger efter";
        var intro = new[]
        {
            $"Migrationsverkets statistik över anvisningar enligt kommuntalen för {when} visar att {county.Name} har tagit emot {SwedishFormat.Number(county.Received)} "
            + $"av {SwedishFormat.Number(county.Kommuntal)} anvisade personer. Efter {county.Months} av 12 månader väntas {Decimal(county.Expected)} om mottagandet fördelas jämnt över året.",
            $"Dessa kommuner har tagit emot mer än {thresholdPercent} procent färre än väntat för perioden:",
        };
        var outro = "Kommuntalet är länsstyrelsens publicerade beslut när Kommuntal har det, annars talet i Migrationsverkets fil. "
                    + "Meddelandet skickas en gång per län och period. Hela rapporten: kommandot kommuntal fulfilment report "
                    + $"--year {year} --county {county.Code} eller GET /api/fulfilment/{year}?county={county.Code}.";
        var plain = new StringBuilder();
        foreach (var p in intro) plain.Append(p).Append("\n\n");
        foreach (var m in behind)
            plain.Append("- ").Append(m.Name).Append(": mottagit ").Append(SwedishFormat.Number(m.Received)).Append(" av kommuntal ").Append(SwedishFormat.Number(m.Kommuntal))
                .Append(", väntat ").Append(Decimal(m.Expected)).Append(", kvar ").Append(SwedishFormat.Number(m.Remaining)).Append(m.MissingFromFile ? " (saknas i filen)" : "").Append('\n');
        plain.Append('\n').Append(outro).Append("\n\n");
        var html = new StringBuilder("<!DOCTYPE html><html lang=\"sv\"><head><meta charset=\"utf-8\"><title>").Append(E(subject)).Append("</title></head><body>");
        foreach (var p in intro) html.Append("<p>").Append(E(p)).Append("</p>");
        html.Append("<table><thead><tr><th scope=\"col\">Kommun</th><th scope=\"col\">Kommuntal</th><th scope=\"col\">Mottagna</th><th scope=\"col\">Väntat</th><th scope=\"col\">Kvar</th></tr></thead><tbody>");
        foreach (var m in behind)
            html.Append("<tr><th scope=\"row\">").Append(E(m.Name + (m.MissingFromFile ? " (saknas i filen)" : ""))).Append("</th><td>").Append(E(SwedishFormat.Number(m.Kommuntal)))
                .Append("</td><td>").Append(E(SwedishFormat.Number(m.Received))).Append("</td><td>").Append(E(Decimal(m.Expected)))
                .Append("</td><td>").Append(E(SwedishFormat.Number(m.Remaining))).Append("</td></tr>");
        html.Append("</tbody></table><p>").Append(E(outro)).Append("</p></body></html>");
        return new EmailContent(subject, plain.ToString(), html.ToString());
    }

    private static string E(string s) => HtmlText.Escape(s);

    /// <summary>The invariant key of a period for ids and rows ("2022-06", "year").</summary>
    public static string Key(string? period) => period ?? "year";

    /// <summary>The period of a key written by <see cref="Key"/>.</summary>
    public static string? FromKey(string key) => key == "year" ? null : key;

}
