using Kommuntal.Core.Lifecycle;

namespace Kommuntal.Cli;

/// <summary>
/// The coordinator's steps for local use, mirroring the HTTP API: proposal, consult, decide,
/// publish, status, audit.
/// </summary>
internal static class LifecycleCommands
{
    private static Option<int> Year() => new("--year") { Description = "The allocation year, e.g. 2022.", Required = true };
    private static Option<string> County() => new("--county") { Description = "County code, e.g. 18 for Örebro län.", Required = true };

    public static IEnumerable<Command> Create(CliContext ctx) => [Proposal(ctx), Consult(ctx), Decide(ctx), Publish(ctx), Status(ctx), Audit(ctx)];

    private static Command Proposal(CliContext ctx)
    {
        var year = Year(); var county = County();
        var whatIf = new Option<bool>("--what-if") { Description = "Store as a what-if draft (never sent) instead of a proposal." };
        var cmd = new Command("proposal", "Compute a proposal (draft) from the current quota, indicators and recorded wishes.") { year, county, whatIf };
        cmd.SetAction((parse, ct) => ctx.Guard(async () =>
        {
            await using var sp = await ctx.BuildServicesAsync(parse, ct);
            var (_, draft) = await sp.GetRequiredService<CountyYearService>().ProposeAsync(parse.GetValue(year), parse.GetValue(county)!, ctx.Actor,
                null, parse.GetValue(whatIf) ? DraftPurpose.WhatIf : DraftPurpose.Proposal, ct);
            await ctx.Out.WriteLineAsync($"Draft {draft.Number} ({draft.Purpose.Text()}) for {draft.Result.CountyName} {draft.Result.Year}: länstal {draft.Lanstal}, model {draft.Result.Parameters.Version}.");
            foreach (var m in draft.Result.Municipalities.OrderBy(m => m.Name, StringComparer.Create(SwedishFormat.Culture, false)))
                await ctx.Out.WriteLineAsync($"  {m.Code}  {m.Name,-22} {m.Kommuntal,6}");
            await ctx.Out.WriteLineAsync($"  {"",4}  {"Totalt (länstal)",-22} {draft.Result.Total,6}");
            if (await sp.GetRequiredService<FulfilmentService>().CarryOverAsync(draft.Result.Year, parse.GetValue(county)!, ct) is { } carry)
            {
                // Policy choice (Kommuntal:Fulfilment:ShowCarryOver): information beside the model, never part of it.
                await ctx.Out.WriteLineAsync($"Information (not part of the model): places not filled in {carry.FromYear}, {carry.Total} in all:");
                foreach (var l in carry.Lines) await ctx.Out.WriteLineAsync($"  {l.Code}  {l.Name,-22} {l.Unfulfilled,6}");
            }
            return KommuntalCli.Ok;
        }));
        return cmd;
    }

    private static Command Consult(CliContext ctx)
    {
        var year = Year(); var county = County();
        var draft = new Option<int?>("--draft") { Description = "The proposal to send (default: the latest)." };
        var deadline = new Option<DateOnly?>("--deadline") { Description = "Last day for answers (default: today + the configured consultation days)." };
        var cmd = new Command("consult", "Send a proposal to the municipalities for consultation (samråd).") { year, county, draft, deadline };
        cmd.SetAction((parse, ct) => ctx.Guard(async () =>
        {
            await using var sp = await ctx.BuildServicesAsync(parse, ct);
            var o = await sp.GetRequiredService<CountyYearService>().PublishProposalAsync(parse.GetValue(year), parse.GetValue(county)!,
                parse.GetValue(draft), parse.GetValue(deadline), ctx.Actor, ct);
            var sent = await sp.GetRequiredService<NotificationDispatcher>().DispatchAsync(ct);
            await ctx.Out.WriteLineAsync($"Proposal {o.Draft.Number} sent for consultation: {o.Document.Path} (SHA-256 {o.Document.Sha256}), answers by {SwedishFormat.Date(o.Draft.Consultation!.Deadline)}; {o.Queued.Count} messages queued, {sent.Sent} sent; {o.WithoutAddress.Count} municipalities without a known address.");
            return KommuntalCli.Ok;
        }));
        return cmd;
    }

    private static Command Decide(CliContext ctx)
    {
        var year = Year(); var county = County();
        var date = new Option<DateOnly>("--date") { Description = "Decision date (yyyy-MM-dd).", Required = true };
        var dnr = new Option<string>("--dnr") { Description = "Diarienummer.", Required = true };
        var decidedBy = new Option<string>("--decided-by") { Description = "Who decided (the county governor).", Required = true };
        var presentedBy = new Option<string>("--presented-by") { Description = "The presenting official (föredragande).", Required = true };
        var draft = new Option<int?>("--draft") { Description = "The proposal to decide (default: the latest proposal; a what-if cannot be decided)." };
        var cmd = new Command("decide", "Decide: freeze a draft's numbers as the county board's decision.") { year, county, date, dnr, decidedBy, presentedBy, draft };
        cmd.SetAction((parse, ct) => ctx.Guard(async () =>
        {
            await using var sp = await ctx.BuildServicesAsync(parse, ct);
            var request = new DecisionRequest(parse.GetValue(date), parse.GetValue(dnr)!, parse.GetValue(decidedBy)!, parse.GetValue(presentedBy)!, null, parse.GetValue(draft));
            DecisionRequestValidation.Validate(request, "command line", CommandLineNames);
            var (_, d) = await sp.GetRequiredService<CountyYearService>().DecideAsync(parse.GetValue(year), parse.GetValue(county)!, request, ctx.Actor, ct);
            await ctx.Out.WriteLineAsync($"Decision {d.Version} (dnr {d.Diarienummer}) of {SwedishFormat.Date(d.DecisionDate)} from draft {d.DraftNumber}: sum {d.Numbers.Sum(n => n.Kommuntal)}"
                + (d.Supersedes is { } s ? $", replaces decision {s}." : "."));
            return KommuntalCli.Ok;
        }));
        return cmd;
    }

    /// <summary>The decision's fields as this command names them, for the problems it reports.</summary>
    private static readonly DecisionRequestValidation.FieldNames CommandLineNames = new("--dnr", "--decided-by", "--presented-by");

    private static Command Publish(CliContext ctx)
    {
        var year = Year(); var county = County();
        var cmd = new Command("publish", "Publish the current decision (PDF to Blob Storage, public page) and send the notifications.") { year, county };
        cmd.SetAction((parse, ct) => ctx.Guard(async () =>
        {
            await using var sp = await ctx.BuildServicesAsync(parse, ct);
            var o = await sp.GetRequiredService<CountyYearService>().PublishAsync(parse.GetValue(year), parse.GetValue(county)!, ctx.Actor, ct);
            var sent = await sp.GetRequiredService<NotificationDispatcher>().DispatchAsync(ct);
            await ctx.Out.WriteLineAsync($"Decision {o.Decision.Version} published: {o.Document.Path} (SHA-256 {o.Document.Sha256}); {o.Queued.Count} messages queued, {sent.Sent} sent; {o.WithoutAddress.Count} municipalities without a known address.");
            return KommuntalCli.Ok;
        }));
        return cmd;
    }

    private static Command Status(CliContext ctx)
    {
        var year = Year();
        var county = new Option<string?>("--county") { Description = "One county (default: all)." };
        var cmd = new Command("status", "Where each county's year stands.") { year, county };
        cmd.SetAction((parse, ct) => ctx.Guard(async () =>
        {
            await using var sp = await ctx.BuildServicesAsync(parse, ct);
            var reference = sp.GetRequiredService<ReferenceData>();
            var states = (await sp.GetRequiredService<ICountyYearStore>().ListStatesAsync(parse.GetValue(year), ct)).ToDictionary(s => s.CountyCode);
            var counties = parse.GetValue(county) is { } c ? [reference.County(c)] : reference.Counties;
            await ctx.Out.WriteLineAsync($"{"County",-24} {"Status",-10} {"Länstal",8} {"Drafts",7} {"Decision",9}  Note");
            foreach (var k in counties)
            {
                var s = states.GetValueOrDefault(k.Code) ?? new CountyYearState(parse.GetValue(year), k.Code);
                await ctx.Out.WriteLineAsync($"{k.Code + " " + k.Name,-24} {s.Status,-10} {s.Lanstal,8} {s.LatestDraft,7} {s.CurrentDecision,9}  {(s.NeedsNewDecision ? "new decision needed (länstal revised)" : "")}".TrimEnd());
            }
            return KommuntalCli.Ok;
        }));
        return cmd;
    }

    private static Command Audit(CliContext ctx)
    {
        var year = Year(); var county = County();
        var cmd = new Command("audit", "The audit trail of a county-year, in order (Swedish time); county 00 for the national trail (quota and indicator imports).") { year, county };
        cmd.SetAction((parse, ct) => ctx.Guard(async () =>
        {
            await using var sp = await ctx.BuildServicesAsync(parse, ct);
            var given = parse.GetValue(county)!.Trim();
            var code = given is Kommuntal.Application.NationalAudit.CountyCode or "riket" ? Kommuntal.Application.NationalAudit.CountyCode : sp.GetRequiredService<ReferenceData>().County(given).Code;
            foreach (var e in await sp.GetRequiredService<ICountyYearStore>().ReadAuditAsync(parse.GetValue(year), code, ct))
                await ctx.Out.WriteLineAsync($"{SwedishFormat.SwedishTime(e.At).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}  {e.Actor,-16} {e.Action,-20} {e.Details}{(e.ContentSha256 is { } h ? $" [sha256 {h}]" : "")}");
            return KommuntalCli.Ok;
        }));
        return cmd;
    }
}
