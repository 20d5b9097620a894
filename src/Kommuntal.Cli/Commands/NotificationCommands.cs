namespace Kommuntal.Cli;

/// <summary><c>kommuntal notifications list|dispatch|poll|resend</c>: the sent-ledger and the two e-mail passes the timers run.</summary>
internal static class NotificationCommands
{
    public static Command Create(CliContext ctx) => new("notifications", "The e-mail outbox and sent-ledger.")
    {
        List(ctx),
        Dispatch(ctx),
        Poll(ctx),
        Resend(ctx),
    };

    private static Command Resend(CliContext ctx)
    {
        var year = new Option<int>("--year") { Description = "The allocation year.", Required = true };
        var county = new Option<string>("--county") { Description = "The county (code, e.g. 18).", Required = true };
        var id = new Option<string>("--id") { Description = "The failed message's id (first column of `notifications list`).", Required = true };
        var to = new Option<string?>("--to") { Description = "A corrected address; default the original one." };
        var by = new Option<string>("--by") { Description = "Who asks for the re-send (audited).", DefaultValueFactory = _ => Environment.UserName };
        var cmd = new Command("resend", "Queue a failed message again, optionally to a corrected address, and send it (once; audited).") { year, county, id, to, by };
        cmd.SetAction((parse, ct) => ctx.Guard(async () =>
        {
            var problems = new ProblemList("command line");
            FreeText.Check(problems, parse.GetValue(by), "--by", TextLimits.Name);
            problems.ThrowIfAny();
            await using var sp = await ctx.BuildServicesAsync(parse, ct);
            var m = await sp.GetRequiredService<NotificationResendService>().ResendAsync(parse.GetValue(year), parse.GetValue(county)!.Trim(),
                parse.GetValue(id)!.Trim(), parse.GetValue(to), parse.GetValue(by)!, ct);
            var r = await sp.GetRequiredService<NotificationDispatcher>().DispatchAsync(ct);
            await ctx.Out.WriteLineAsync($"Re-send of {parse.GetValue(id)!.Trim()} queued as {m.Id} to {m.RecipientEmail}; dispatch: {r.Sent} sent, {r.Retrying} to retry, {r.Failed} failed.");
            return KommuntalCli.Ok;
        }));
        return cmd;
    }

    private static Command List(CliContext ctx)
    {
        var year = new Option<int>("--year") { Description = "The allocation year.", Required = true };
        var county = new Option<string?>("--county") { Description = "Only this county (code, e.g. 18)." };
        var cmd = new Command("list", "Show every message of the year with its status (Pending, Sending, Sent, Delivered, Failed).") { year, county };
        cmd.SetAction((parse, ct) => ctx.Guard(async () =>
        {
            await using var sp = await ctx.BuildServicesAsync(parse, ct);
            var reference = sp.GetRequiredService<ReferenceData>();
            var store = sp.GetRequiredService<ICountyYearStore>();
            var only = parse.GetValue(county)?.Trim();
            if (only is not null) only = reference.County(only).Code; // an unknown code is said, not listed as "0 messages"
            var total = 0;
            foreach (var c in reference.Counties.Where(c => only is null || c.Code == only))
            {
                var snapshot = await store.LoadAsync(parse.GetValue(year), c.Code, ct);
                foreach (var o in snapshot.Outbox)
                {
                    total++;
                    var at = o.SentAt is { } s ? s.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + "Z" : "-";
                    await ctx.Out.WriteLineAsync(string.Join("  ", o.Id, c.Code, $"v{o.SourceVersion}", o.RecipientName.PadRight(36), o.RecipientEmail.PadRight(36),
                        o.Status.ToString().PadRight(9), $"attempts {o.Attempts}", at, o.Sender ?? "-", o.ProviderStatus ?? "-", o.LastError ?? ""));
                }
            }
            await ctx.Out.WriteLineAsync($"{total} messages.");
            return KommuntalCli.Ok;
        }));
        return cmd;
    }

    private static Command Dispatch(CliContext ctx)
    {
        var cmd = new Command("dispatch", "Send the due messages once (what the DispatchNotifications timer does).");
        cmd.SetAction((parse, ct) => ctx.Guard(async () =>
        {
            await using var sp = await ctx.BuildServicesAsync(parse, ct);
            var r = await sp.GetRequiredService<NotificationDispatcher>().DispatchAsync(ct);
            await ctx.Out.WriteLineAsync($"{r.Sent} sent, {r.Retrying} to retry, {r.Failed} failed, {r.Skipped} claimed elsewhere, {r.CoordinatorSent} to the coordinator.");
            return KommuntalCli.Ok;
        }));
        return cmd;
    }

    private static Command Poll(CliContext ctx)
    {
        var cmd = new Command("poll", "Ask the provider once for the delivery status of the sent messages that are due (what the PollDeliveryStatus timer does).");
        cmd.SetAction((parse, ct) => ctx.Guard(async () =>
        {
            await using var sp = await ctx.BuildServicesAsync(parse, ct);
            var r = await sp.GetRequiredService<DeliveryStatusService>().PollAsync(ct);
            await ctx.Out.WriteLineAsync($"{r.Checked} checked: {r.Delivered} delivered, {r.Failed} failed, {r.InProgress} in progress, {r.GaveUp} given up{(r.RateLimited ? " (rate-limited)" : "")}.");
            return KommuntalCli.Ok;
        }));
        return cmd;
    }
}
