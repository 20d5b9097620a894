using Kommuntal.Core.Documents;

namespace Kommuntal.Cli;

/// <summary><c>kommuntal run --year 2022 [--out DIR]</c>: the yearly job end to end.</summary>
internal static class RunCommand
{
    public static Command Create(CliContext ctx)
    {
        var year = new Option<int>("--year") { Description = "The allocation year, e.g. 2022.", Required = true };
        var outDir = new Option<string>("--out") { Description = "Where to copy the PDFs and e-mails (default out/).", DefaultValueFactory = _ => "out" };
        var cmd = new Command("run", "Run the yearly job: import the quota, allocate every county, decide, publish the PDFs and send the e-mails.") { year, outDir };
        cmd.SetAction((parse, ct) => ctx.Guard(async () =>
        {
            var y = parse.GetValue(year);
            var dir = Path.GetFullPath(parse.GetValue(outDir)!);
            var emailDir = Path.Combine(dir, "email");
            await using var sp = await ctx.BuildServicesAsync(parse, new Dictionary<string, string?>
            {
                ["Email:OutboxDirectory"] = emailDir,
            }, storage: true, ct);
            var report = await sp.GetRequiredService<DemoRunService>().RunAsync(y, "kommuntal run", ct);
            var pdfDir = Path.Combine(dir, "pdf");
            Directory.CreateDirectory(pdfDir);
            var documents = sp.GetRequiredService<IDocumentStore>();
            foreach (var c in report.Counties.Where(c => c.DocumentPath is not null))
            {
                var bytes = await documents.ReadAsync(c.DocumentPath!, ct) ?? throw new InvalidOperationException($"{c.DocumentPath} is missing from Blob Storage.");
                await File.WriteAllBytesAsync(Path.Combine(pdfDir, PublicationPaths.DownloadFileName(y, c.County, DocumentKind.Decision, c.DecisionVersion)), bytes, ct);
            }
            await PrintAsync(ctx.Out, report, dir, emailDir, documents);
            return KommuntalCli.Ok;
        }));
        return cmd;
    }

    private static async Task PrintAsync(TextWriter o, DemoRunReport r, string dir, string emailDir, IDocumentStore documents)
    {
        await o.WriteLineAsync($"Kommuntal {r.Year}: national quota {SwedishFormat.Number(r.NationalTotal)} (quota version {r.QuotaVersion}), run {r.CorrelationId}");
        await o.WriteLineAsync();
        var rows = r.Counties.Select(c => new[]
        {
            $"{c.County.Code} {c.County.Name}",
            c.Lanstal.ToString(System.Globalization.CultureInfo.InvariantCulture),
            c.Municipalities.ToString(System.Globalization.CultureInfo.InvariantCulture),
            c.Total.ToString(System.Globalization.CultureInfo.InvariantCulture),
            c.DocumentPath ?? "-",
            $"{c.Queued}",
            c.WithoutAddress.Count == 0 ? "" : $"{c.WithoutAddress.Count} without address",
            c.Action,
        }).ToList();
        string[] header = ["County", "Länstal", "Municipalities", "Sum", "PDF (blob)", "E-mails", "Not notified", "This run"];
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(row => row[i].Length))).ToArray();
        string Line(string[] cells) => string.Join("  ", cells.Select((c, i) => i is 1 or 2 or 3 or 5 ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd();
        await o.WriteLineAsync(Line(header));
        await o.WriteLineAsync(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in rows) await o.WriteLineAsync(Line(row));
        var total = r.Counties.Sum(c => c.Total);
        await o.WriteLineAsync(string.Join("  ", widths.Select(w => new string('-', w))));
        await o.WriteLineAsync(Line(["Total", r.Counties.Sum(c => c.Lanstal).ToString(System.Globalization.CultureInfo.InvariantCulture),
            r.Counties.Sum(c => c.Municipalities).ToString(System.Globalization.CultureInfo.InvariantCulture), total.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "", r.Counties.Sum(c => c.Queued).ToString(System.Globalization.CultureInfo.InvariantCulture), $"{r.Counties.Sum(c => c.WithoutAddress.Count)} without address", ""]));
        await o.WriteLineAsync();
        var missing = r.Counties.Where(c => c.WithoutAddress.Count > 0).ToList();
        if (missing.Count > 0)
        {
            // Listed, not silently skipped: the full list goes to a file beside the PDFs.
            var listPath = Path.Combine(dir, "not-notified.txt");
            var lines = new List<string> { $"Municipalities without a known e-mail address, not notified of the {r.Year} decisions.", "Import their registry addresses (reference data) to reach them.", "" };
            lines.AddRange(missing.SelectMany(c => c.WithoutAddress.Select(m => $"{c.County.Code}\t{c.County.Name}\t{m.Code}\t{m.Name}")));
            await File.WriteAllLinesAsync(listPath, lines);
            var count = missing.Sum(c => c.WithoutAddress.Count);
            await o.WriteLineAsync($"{count} municipalities in {missing.Count} counties have no known e-mail address and were not notified: see {listPath}");
            await o.WriteLineAsync();
        }
        await o.WriteLineAsync($"E-mail this run: {r.Dispatch.Sent} sent, {r.Dispatch.Retrying} to retry, {r.Dispatch.Failed} failed.");
        await o.WriteLineAsync($"PDFs:       {Path.Combine(dir, "pdf")}");
        await o.WriteLineAsync($"E-mails:    {emailDir}");
        await o.WriteLineAsync($"Index:      {documents.PublicUrl(PublicationPaths.IndexRoot)} (the public site: scripts/local.sh serve, then /api/public)");
    }
}
