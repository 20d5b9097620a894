namespace Kommuntal.Cli;

/// <summary>
/// <c>kommuntal render --year Y --county CC [--proposal] --out FILE</c>: renders a county-year's
/// current decision (or with <c>--proposal</c> its latest draft as a proposal) from stored data,
/// for checking the layout. Nothing is stored or published.
/// </summary>
internal static class RenderCommand
{
    public static Command Create(CliContext ctx)
    {
        var year = new Option<int>("--year") { Description = "The allocation year, e.g. 2022.", Required = true };
        var county = new Option<string>("--county") { Description = "The county: its code (18) or name (Örebro län).", Required = true };
        var proposal = new Option<bool>("--proposal") { Description = "Render the latest draft as a proposal (förslag) instead of the current decision." };
        var version = new Option<int?>("--version") { Description = "Render this decision version (or with --proposal this draft number) instead of the current one." };
        var deadline = new Option<DateOnly?>("--deadline") { Description = "Proposal only: the last day to answer (YYYY-MM-DD; default from Kommuntal:Cycle:ConsultationDays)." };
        var dnr = new Option<string?>("--dnr") { Description = "Proposal only: the case number (diarienummer) printed on the proposal." };
        var output = new Option<FileInfo>("--out") { Description = "The PDF file to write.", Required = true };
        var cmd = new Command("render", "Render a decision (or proposal) PDF from stored data, for checking the layout; nothing is stored.")
            { year, county, proposal, version, deadline, dnr, output };
        cmd.SetAction((parse, ct) => ctx.Guard(async () =>
        {
            var problems = new ProblemList("command line");
            FreeText.Check(problems, parse.GetValue(dnr), "--dnr", TextLimits.Diarienummer);
            problems.ThrowIfAny();
            await using var sp = await ctx.BuildServicesAsync(parse, ct);
            var reference = sp.GetRequiredService<ReferenceData>();
            var c = reference.FindCountyByCodeOrName(parse.GetValue(county)!)
                ?? throw new NotFoundException("unknown-county", $"Okänt län '{parse.GetValue(county)}'; ange koden (t.ex. 18) eller namnet (t.ex. Örebro län).",
                    $"Unknown county '{parse.GetValue(county)}'; give its code (e.g. 18) or name (e.g. Örebro län).");
            var y = parse.GetValue(year);
            var snapshot = await sp.GetRequiredService<ICountyYearStore>().LoadAsync(y, c.Code, ct);
            var documents = sp.GetRequiredService<DocumentService>();
            byte[] pdf;
            string what;
            if (parse.GetValue(proposal))
            {
                var n = parse.GetValue(version);
                var draft = (n is { } number ? snapshot.Draft(number) : snapshot.LatestDraft)
                    ?? throw new NotFoundException("draft-not-found",
                        $"{c.Name} {y} har {(n is { } v ? $"inget utkast {v}" : "inget utkast")} att visa som förslag.",
                        $"{c.Name} {y} has no {(n is { } v2 ? $"draft {v2}" : "draft")} to render as a proposal.");
                pdf = await documents.RenderProposalAsync(snapshot, draft, new ProposalDetails(Deadline: parse.GetValue(deadline), Diarienummer: parse.GetValue(dnr)), ct);
                what = $"proposal from draft {draft.Number}";
            }
            else
            {
                var n = parse.GetValue(version);
                var decision = (n is { } number ? snapshot.Decisions.FirstOrDefault(d => d.Version == number) : snapshot.CurrentDecision)
                    ?? throw new NotFoundException("decision-not-found",
                        $"{c.Name} {y} har {(n is { } v ? $"inget beslut {v}" : "inget beslut")} att visa; använd --proposal för det senaste utkastet.",
                        $"{c.Name} {y} has no {(n is { } v2 ? $"decision {v2}" : "decision")} to render; use --proposal for its latest draft.");
                pdf = await documents.RenderDecisionAsync(snapshot, decision, ct);
                what = $"decision {decision.Version} ({decision.Status.ToString().ToLowerInvariant()})";
            }
            var file = parse.GetValue(output)!;
            if (file.Directory is { Exists: false } dir) dir.Create();
            await File.WriteAllBytesAsync(file.FullName, pdf, ct);
            await ctx.Out.WriteLineAsync($"{c.Name} {y}, {what}: {file.FullName} ({SwedishFormat.Number(pdf.Length)} bytes).");
            return KommuntalCli.Ok;
        }));
        return cmd;
    }
}
