using Kommuntal.Core.Text;

namespace Kommuntal.Core.Documents;

/// <summary>Writes the Swedish decision (or proposal) document from its facts. Pure.</summary>
public static class DecisionDocumentBuilder
{
    public static string TitleOf(DocumentKind kind, int year, string countyName) => kind switch
    {
        DocumentKind.Proposal => $"Förslag till fördelning av anvisningar år {year} till kommuner i {countyName}",
        _ => $"Beslut om fördelning av anvisningar år {year} till kommuner i {countyName}",
    };

    public static DecisionDocument Build(DecisionContent c)
    {
        var title = TitleOf(c.Kind, c.Year, c.County.Name);
        var blocks = new List<DocumentBlock>
        {
            new Heading(1, title),
            new Paragraph(c.Kind == DocumentKind.Proposal
                ? $"{c.County.BoardName} föreslår att de {SwedishFormat.Number(c.Lanstal)} personer som ska anvisas till länet år {c.Year} fördelas mellan kommunerna enligt tabellen nedan."
                : $"{c.County.BoardName} beslutar att de {SwedishFormat.Number(c.Lanstal)} personer som ska anvisas till länet år {c.Year} ska fördelas mellan kommunerna enligt tabellen nedan (kommuntal)."),
            KommuntalTable(c),
        };
        if (c.Kind == DocumentKind.Decision && (c.DecidedBy is not null || c.PresentedBy is not null))
        {
            var lines = new List<string>();
            if (c.DecidedBy is not null) lines.Add($"Beslut i detta ärende har fattats av {c.DecidedBy}.");
            if (c.PresentedBy is not null) lines.Add($"Föredragande har varit {c.PresentedBy}.");
            blocks.Add(new SignatureBlock(lines));
        }
        return new DecisionDocument
        {
            Kind = c.Kind,
            Title = title,
            BoardName = c.County.BoardName,
            DocumentLabel = c.Kind == DocumentKind.Proposal ? "FÖRSLAG" : "BESLUT",
            DateText = c.DecisionDate is { } d ? SwedishFormat.Date(d) : null,
            Diarienummer = c.Diarienummer,
            Subject = $"Kommuntal {c.Year} för {c.County.Name}",
            Keywords = ["kommuntal", "länstal", "anvisning", "bosättningslagen", c.County.Name, c.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            Blocks = blocks,
        };
    }

    private static Table KommuntalTable(DecisionContent c)
    {
        var rows = c.Allocation.Municipalities
            .OrderBy(m => m.Name, StringComparer.Create(SwedishFormat.Culture, false))
            .Select(m => (IReadOnlyList<string>)[m.Name, SwedishFormat.Number(m.Kommuntal)])
            .ToList();
        return new Table(
            $"Kommuntal för {c.County.Name} år {c.Year}",
            [new TableColumn("Kommun", 3, ColumnAlignment.Left), new TableColumn("Antal nyanlända för bosättning (kommuntal)", 2, ColumnAlignment.Right)],
            rows,
            ["Totalt (länstal)", SwedishFormat.Number(c.Allocation.Total)]);
    }
}
