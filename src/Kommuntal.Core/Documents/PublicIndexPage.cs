using System.Net;
using System.Text;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Core.Reference;
using Kommuntal.Core.Text;

namespace Kommuntal.Core.Documents;

/// <summary>A published decision as listed on the public page.</summary>
public sealed record PublishedEntry(int Year, County County, Decision Decision);

/// <summary>
/// The public, static Swedish index of published decisions: per year and county the current
/// decision, earlier versions, each municipality's number and every file's SHA-256. Plain HTML, no
/// script; links are relative to the page so it works wherever the container is served.
/// </summary>
public static class PublicIndexPage
{
    public static string Build(IReadOnlyList<PublishedEntry> entries, DateTimeOffset generatedAt)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n")
          .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
          .Append("<title>Kommuntal – beslut om fördelning av anvisningar</title>\n")
          .Append("<style>body{font-family:Arial,Helvetica,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.4}")
          .Append("table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{border:1px solid #888;padding:.25rem .5rem}td.n{text-align:right}")
          .Append("code{font-size:.8rem;word-break:break-all}</style>\n</head>\n<body>\n<main>\n")
          .Append("<h1>Kommuntal – beslut om fördelning av anvisningar</h1>\n")
          .Append("<p>Länsstyrelsernas beslut om hur många nyanlända varje kommun ska ta emot för bosättning ")
          .Append("enligt lagen (2016:38). Här finns gällande och tidigare beslut. Kontrollsumman (SHA-256) visar att en fil är oförändrad.</p>\n")
          .Append("<p>Senast uppdaterad ").Append(E(SwedishFormat.Date(SwedishFormat.SwedishDate(generatedAt)))).Append(".</p>\n");
        if (entries.Count == 0) sb.Append("<p>Inga beslut är publicerade ännu.</p>\n");
        foreach (var year in entries.GroupBy(e => e.Year).OrderByDescending(g => g.Key))
        {
            sb.Append("<h2>År ").Append(year.Key).Append("</h2>\n");
            foreach (var county in year.GroupBy(e => e.County.Code).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var versions = county.OrderByDescending(e => e.Decision.Version).ToList();
                var current = versions.FirstOrDefault(e => e.Decision.Status == DecisionStatus.Published) ?? versions[0];
                var c = current.County;
                sb.Append("<section>\n<h3>").Append(E(c.Name)).Append(' ').Append(year.Key).Append("</h3>\n");
                var d = current.Decision;
                sb.Append("<p><a href=\"").Append(E(d.Document!.Path)).Append("\">")
                  .Append(E($"Gällande beslut om kommuntal {year.Key} för {c.Name} (version {d.Version}, PDF)"))
                  .Append("</a>, beslutat ").Append(E(SwedishFormat.Date(d.DecisionDate))).Append(", dnr ").Append(E(d.Diarienummer))
                  .Append(". SHA-256: <code>").Append(E(d.Document.Sha256)).Append("</code></p>\n");
                sb.Append("<table>\n<caption>").Append(E($"Kommuntal {year.Key} för {c.Name}")).Append("</caption>\n")
                  .Append("<thead><tr><th scope=\"col\">Kommun</th><th scope=\"col\">Kommuntal</th></tr></thead>\n<tbody>\n");
                foreach (var n in d.Numbers.OrderBy(n => n.Name, StringComparer.Create(SwedishFormat.Culture, false)))
                    sb.Append("<tr><th scope=\"row\">").Append(E(n.Name)).Append("</th><td class=\"n\">").Append(E(SwedishFormat.Number(n.Kommuntal))).Append("</td></tr>\n");
                sb.Append("</tbody>\n<tfoot><tr><th scope=\"row\">Totalt (länstal)</th><td class=\"n\">")
                  .Append(E(SwedishFormat.Number(d.Numbers.Sum(n => n.Kommuntal)))).Append("</td></tr></tfoot>\n</table>\n");
                var earlier = versions.Where(e => e.Decision.Version != d.Version).ToList();
                if (earlier.Count > 0)
                {
                    sb.Append("<h4>Tidigare beslut för ").Append(E(c.Name)).Append(' ').Append(year.Key).Append("</h4>\n<ul>\n");
                    foreach (var e in earlier)
                        sb.Append("<li><a href=\"").Append(E(e.Decision.Document!.Path)).Append("\">")
                          .Append(E($"Ersatt beslut om kommuntal {year.Key} för {c.Name}, version {e.Decision.Version} (PDF)"))
                          .Append("</a>, beslutat ").Append(E(SwedishFormat.Date(e.Decision.DecisionDate)))
                          .Append(". SHA-256: <code>").Append(E(e.Decision.Document.Sha256)).Append("</code></li>\n");
                    sb.Append("</ul>\n");
                }
                sb.Append("</section>\n");
            }
        }
        sb.Append("</main>\n</body>\n</html>\n");
        return sb.ToString();
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
