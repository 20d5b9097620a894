using System.Net;
using System.Text;
using Kommuntal.Core.Text;

namespace Kommuntal.Core.Documents;

/// <summary>
/// The public, static Swedish index of published decisions: per year and county the current
/// decision, earlier versions, each municipality's number and every file's SHA-256. Plain HTML, no
/// script; links are relative to the page so it works wherever the container is served.
/// </summary>
public static class PublicIndexPage
{
    /// <summary>The page for the root index: every year and county with a published decision.</summary>
    public static string Build(PublishedRootIndex index)
    {
        var generatedAt = index.UpdatedAt;
        var years = index.Years.Select(y => (y.Year, Counties: y.Counties.Where(c => c.Decisions.Count > 0).ToList())).Where(y => y.Counties.Count > 0).ToList();
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
        if (years.Count == 0) sb.Append("<p>Inga beslut är publicerade ännu.</p>\n");
        foreach (var (year, counties) in years.OrderByDescending(y => y.Year))
        {
            sb.Append("<h2>År ").Append(year).Append("</h2>\n");
            foreach (var c in counties.OrderBy(c => c.Code, StringComparer.Ordinal))
            {
                var versions = c.Decisions.OrderByDescending(d => d.Version).ToList();
                var d = c.Current ?? versions[0];
                sb.Append("<section>\n<h3>").Append(E(c.Name)).Append(' ').Append(year).Append("</h3>\n");
                sb.Append("<p><a href=\"").Append(E(d.Path)).Append("\">")
                  .Append(E($"Gällande beslut om kommuntal {year} för {c.Name} (version {d.Version}, PDF)"))
                  .Append("</a>, beslutat ").Append(E(SwedishFormat.Date(d.DecisionDate))).Append(", dnr ").Append(E(d.Diarienummer))
                  .Append(". SHA-256: <code>").Append(E(d.Sha256)).Append("</code></p>\n");
                sb.Append("<table>\n<caption>").Append(E($"Kommuntal {year} för {c.Name}")).Append("</caption>\n")
                  .Append("<thead><tr><th scope=\"col\">Kommun</th><th scope=\"col\">Kommuntal</th></tr></thead>\n<tbody>\n");
                foreach (var n in d.Municipalities.OrderBy(n => n.Name, StringComparer.Create(SwedishFormat.Culture, false)))
                    sb.Append("<tr><th scope=\"row\">").Append(E(n.Name)).Append("</th><td class=\"n\">").Append(E(SwedishFormat.Number(n.Kommuntal))).Append("</td></tr>\n");
                sb.Append("</tbody>\n<tfoot><tr><th scope=\"row\">Totalt (länstal)</th><td class=\"n\">")
                  .Append(E(SwedishFormat.Number(d.Municipalities.Sum(n => n.Kommuntal)))).Append("</td></tr></tfoot>\n</table>\n");
                var earlier = versions.Where(e => e.Version != d.Version).ToList();
                if (earlier.Count > 0)
                {
                    sb.Append("<h4>Tidigare beslut för ").Append(E(c.Name)).Append(' ').Append(year).Append("</h4>\n<ul>\n");
                    foreach (var e in earlier)
                        sb.Append("<li><a href=\"").Append(E(e.Path)).Append("\">")
                          .Append(E($"Ersatt beslut om kommuntal {year} för {c.Name}, version {e.Version} (PDF)"))
                          .Append("</a>, beslutat ").Append(E(SwedishFormat.Date(e.DecisionDate)))
                          .Append(". SHA-256: <code>").Append(E(e.Sha256)).Append("</code></li>\n");
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
