using Kommuntal.Core.Unaccompanied;

namespace Kommuntal.Core.Documents;

/// <summary>
/// The shares for unaccompanied children (andelstal): the decision's or proposal's section (the
/// changed municipalities, or why nothing was redistributed) and the annex table of every
/// municipality's share. A proposal shows them so that the municipalities can answer on them too.
/// </summary>
public static partial class DecisionDocumentBuilder
{
    private static IEnumerable<DocumentBlock> UnaccompaniedSection(DecisionContent c, CountyShares shares, TableCounter tables)
    {
        yield return new Heading(2, UnaccompaniedText.Heading);
        foreach (var p in UnaccompaniedText.DecisionParagraphs(shares, c.County.Name, c.Kind == DocumentKind.Proposal)) yield return new Paragraph(p);
        var changed = shares.ChangedRows.OrderBy(r => r.Name, s_swedishOrder).ToList();
        if (changed.Count > 0)
        {
            var number = tables.Next();
            yield return new Table($"Tabell {number}. Andelstal för ensamkommande barn år {c.Year} som ändras genom omfördelning",
                [
                    new TableColumn("Kommun", 2.2, ColumnAlignment.Left),
                    new TableColumn("Andelstal före", 1.5, ColumnAlignment.Right),
                    new TableColumn("Förändring", 1.4, ColumnAlignment.Right),
                    new TableColumn("Andelstal efter", 1.5, ColumnAlignment.Right),
                    new TableColumn("Skäl", 4.0, ColumnAlignment.Left),
                ],
                changed.Select(r => (IReadOnlyList<string>)[r.Name, r.Before.ToString(), UnaccompaniedText.Change(r.Change), r.After.ToString(), string.Join(" ", r.Reasons)]).ToList(),
                ["Summa", new PerMille(changed.Sum(r => r.Before.Thousandths)).ToString(), UnaccompaniedText.Change(PerMille.Zero),
                    new PerMille(changed.Sum(r => r.After.Thousandths)).ToString(), ""])
            { ContinuedCaption = $"Tabell {number} (forts.)" };
        }
        if (c.PreviousShares is not null)
            yield return new Paragraph("Bilagan visar för varje kommun också andelstalet enligt det beslut som detta beslut ersätter.");
    }

    private static IEnumerable<DocumentBlock> UnaccompaniedAnnex(DecisionContent c, CountyShares shares, TableCounter tables)
    {
        yield return new Heading(2, UnaccompaniedText.AnnexHeading);
        var number = tables.Next();
        var previous = c.PreviousShares;
        yield return new Paragraph($"Tabell {number} visar varje kommuns andelstal för mottagande av ensamkommande barn år {c.Year} i promille: "
                                   + "det andelstal Migrationsverket har fastställt, förändringen genom omfördelning inom länet och andelstalet efter omfördelningen."
                                   + (previous is null ? "" : " Kolumnen ”Tidigare beslut” visar andelstalet enligt det beslut som ersätts."));
        var columns = new List<TableColumn> { new("Kommun", 2.2, ColumnAlignment.Left) };
        if (previous is not null) columns.Add(new TableColumn("Tidigare beslut", 1.5, ColumnAlignment.Right));
        columns.AddRange([
            new TableColumn("Fastställt andelstal", 1.6, ColumnAlignment.Right),
            new TableColumn("Förändring", 1.4, ColumnAlignment.Right),
            new TableColumn("Andelstal efter omfördelning", 1.8, ColumnAlignment.Right),
        ]);
        var rows = shares.Rows.OrderBy(r => r.Name, s_swedishOrder).ThenBy(r => r.MunicipalityCode, StringComparer.Ordinal).Select(r =>
        {
            var cells = new List<string> { r.Name };
            if (previous is not null) cells.Add(previous.Row(r.MunicipalityCode)?.After.ToString() ?? "–");
            cells.AddRange([r.Before.ToString(), UnaccompaniedText.Change(r.Change), r.After.ToString()]);
            return (IReadOnlyList<string>)cells;
        }).ToList();
        var total = new List<string> { "Summa för länet" };
        if (previous is not null) total.Add(previous.TotalAfter.ToString());
        total.AddRange([shares.TotalBefore.ToString(), UnaccompaniedText.Change(shares.TotalAfter - shares.TotalBefore), shares.TotalAfter.ToString()]);
        yield return new Table($"Tabell {number}. Andelstal för mottagande av ensamkommande barn år {c.Year} per kommun", columns, rows, total)
        { ContinuedCaption = $"Tabell {number} (forts.)", Width = previous is null ? 0.85 : 1 };
    }
}
