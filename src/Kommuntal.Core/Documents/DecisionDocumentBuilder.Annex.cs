using Kommuntal.Core.Allocation;
using Kommuntal.Core.Text;

namespace Kommuntal.Core.Documents;

/// <summary>The annex: the figures each municipality's number was computed from, and an explanation per municipality.</summary>
public static partial class DecisionDocumentBuilder
{
    private static IEnumerable<DocumentBlock> Annex(DecisionContent c, IReadOnlyList<MunicipalAllocation> rows, TableCounter tables)
    {
        var a = c.Allocation;
        var what = c.Kind == DocumentKind.Proposal ? "förslaget" : "kommuntalet";
        yield return new Heading(1, AnnexTitle);
        var number = tables.Next();
        yield return new Paragraph($"Bilagan redovisar de värden som {what} för varje kommun har beräknats från (tabell {number}) och en förklaring per kommun. "
                                   + "Andelarna är kommunens andel av länets samlade värde för faktorn. Den sammanvägda andelen är andelarna vägda med de tillämpade vikterna. "
                                   + "Den exakta kvoten är kommunens andel av länstalet före avrundning till heltal.");

        var explanations = rows.Select(m => m.Explanation).ToList();
        var columns = new List<(TableColumn Column, Func<MunicipalAllocation, string> Cell)>
        {
            (new TableColumn("Kommun", 2.0, ColumnAlignment.Left), m => m.Name),
        };
        if (explanations.Any(e => e.Indicators.Population is not null))
            columns.Add((new TableColumn("Befolkning", 1.3, ColumnAlignment.Right), m => m.Explanation.Indicators.Population is { } v ? SwedishFormat.Number((long)Math.Round(v)) : "–"));
        if (explanations.Any(e => e.PopulationShare is not null))
            columns.Add((new TableColumn("Andel av befolkningen", 1.3, ColumnAlignment.Right), m => Percent(m.Explanation.PopulationShare, 2)));
        if (explanations.Any(e => e.LabourShare is not null))
            columns.Add((new TableColumn("Andel enligt arbetsmarknadsmåttet", 1.3, ColumnAlignment.Right), m => Percent(m.Explanation.LabourShare, 2)));
        if (explanations.Any(e => e.ReceptionShare is not null))
            columns.Add((new TableColumn("Andel av tidigare mottagande", 1.3, ColumnAlignment.Right), m => Percent(m.Explanation.ReceptionShare, 2)));
        columns.Add((new TableColumn("Sammanvägd andel", 1.45, ColumnAlignment.Right), m => Percent(m.Explanation.BaseShare, 2)));
        columns.Add((new TableColumn("Exakt kvot", 1.2, ColumnAlignment.Right), m => m.Explanation.ExactQuota.ToString("#,0.00", SwedishFormat.Culture)));
        columns.Add((new TableColumn("Kommuntal", 1.2, ColumnAlignment.Right), m => SwedishFormat.Number(m.Kommuntal)));

        var total = new List<string> { "Totalt" };
        foreach (var (column, _) in columns.Skip(1))
            total.Add(column.Header switch
            {
                "Befolkning" => SwedishFormat.Number((long)Math.Round(explanations.Sum(e => e.Indicators.Population ?? 0))),
                "Exakt kvot" => explanations.Sum(e => e.ExactQuota).ToString("#,0.00", SwedishFormat.Culture),
                "Kommuntal" => SwedishFormat.Number(a.Total),
                _ => "",
            });
        yield return new Table($"Tabell {number}. Nyckeltal per kommun", columns.Select(x => x.Column).ToList(),
            rows.Select(m => (IReadOnlyList<string>)columns.Select(x => x.Cell(m)).ToList()).ToList(), total)
        { ContinuedCaption = $"Tabell {number} (forts.)" };

        yield return new Heading(2, "Förklaring per kommun");
        foreach (var m in rows)
            yield return new Paragraph(string.IsNullOrWhiteSpace(m.Explanation.SwedishText)
                ? $"{m.Name}: exakt kvot {m.Explanation.ExactQuota.ToString("0.000", SwedishFormat.Culture)}, kommuntal {SwedishFormat.Number(m.Kommuntal)}."
                : m.Explanation.SwedishText);
    }
}
