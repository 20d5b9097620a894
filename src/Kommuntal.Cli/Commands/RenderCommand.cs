using System.CommandLine;
using Kommuntal.Application.Ports;
using Kommuntal.Application.Services;
using Kommuntal.Core.Reference;
using Kommuntal.Core.Text;
using Microsoft.Extensions.DependencyInjection;

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
            await using var sp = ctx.BuildServices(parse);
            var reference = sp.GetRequiredService<ReferenceData>();
            var c = reference.FindCountyByCodeOrName(parse.GetValue(county)!);
            if (c is null)
            {
                await ctx.Error.WriteLineAsync($"Unknown county '{parse.GetValue(county)}'; give its code (e.g. 18) or name (e.g. Örebro län).");
                return KommuntalCli.Rejected;
            }
            var y = parse.GetValue(year);
            var snapshot = await sp.GetRequiredService<ICountyYearStore>().LoadAsync(y, c.Code, ct);
            var documents = sp.GetRequiredService<DocumentService>();
            byte[] pdf;
            string what;
            if (parse.GetValue(proposal))
            {
                var draft = parse.GetValue(version) is { } n ? snapshot.Draft(n) : snapshot.LatestDraft;
                if (draft is null)
                {
                    await ctx.Error.WriteLineAsync($"{c.Name} {y} has no {(parse.GetValue(version) is { } v ? $"draft {v}" : "draft")} to render as a proposal.");
                    return KommuntalCli.Rejected;
                }
                try
                {
                    pdf = await documents.RenderProposalAsync(snapshot, draft, new ProposalDetails(Deadline: parse.GetValue(deadline), Diarienummer: parse.GetValue(dnr)), ct);
                }
                catch (ArgumentException ex) when (ex.ParamName == "details")
                {
                    await ctx.Error.WriteLineAsync($"--deadline: {ex.Message[..^" (Parameter 'details')".Length]}");
                    return KommuntalCli.Rejected;
                }
                what = $"proposal from draft {draft.Number}";
            }
            else
            {
                var decision = parse.GetValue(version) is { } n ? snapshot.Decisions.FirstOrDefault(d => d.Version == n) : snapshot.CurrentDecision;
                if (decision is null)
                {
                    await ctx.Error.WriteLineAsync($"{c.Name} {y} has no {(parse.GetValue(version) is { } v ? $"decision {v}" : "decision")} to render; use --proposal for its latest draft.");
                    return KommuntalCli.Rejected;
                }
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
