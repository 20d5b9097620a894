using System.CommandLine;
using System.Globalization;
using Kommuntal.Application.Ports;
using Kommuntal.Application.Services;
using Kommuntal.Core.Reference;
using Microsoft.Extensions.DependencyInjection;

namespace Kommuntal.Cli;

/// <summary><c>kommuntal notifications list|dispatch|poll</c>: the sent-ledger and the two e-mail passes the timers run.</summary>
internal static class NotificationCommands
{
    public static Command Create(CliContext ctx)
    {
        var cmd = new Command("notifications", "The e-mail outbox and sent-ledger.");
        cmd.Add(List(ctx));
        cmd.Add(Dispatch(ctx));
        cmd.Add(Poll(ctx));
        return cmd;
    }

    private static Command List(CliContext ctx)
    {
        var year = new Option<int>("--year") { Description = "The allocation year.", Required = true };
        var county = new Option<string?>("--county") { Description = "Only this county (code, e.g. 18)." };
        var cmd = new Command("list", "Show every message of the year with its status (Pending, Sending, Sent, Delivered, Failed).") { year, county };
        cmd.SetAction((parse, ct) => ctx.Guard(async () =>
        {
            await using var sp = ctx.BuildServices(parse);
            var reference = sp.GetRequiredService<ReferenceData>();
            var store = sp.GetRequiredService<ICountyYearStore>();
            var only = parse.GetValue(county)?.Trim();
            var total = 0;
            foreach (var c in reference.Counties.Where(c => only is null || c.Code == only))
            {
                var snapshot = await store.LoadAsync(parse.GetValue(year), c.Code, ct);
                foreach (var o in snapshot.Outbox)
                {
                    total++;
                    var at = o.SentAt is { } s ? s.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + "Z" : "-";
                    await ctx.Out.WriteLineAsync(string.Join("  ", c.Code, $"v{o.SourceVersion}", o.RecipientName.PadRight(36), o.RecipientEmail.PadRight(36),
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
            await using var sp = ctx.BuildServices(parse);
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
            await using var sp = ctx.BuildServices(parse);
            var r = await sp.GetRequiredService<DeliveryStatusService>().PollAsync(ct);
            await ctx.Out.WriteLineAsync($"{r.Checked} checked: {r.Delivered} delivered, {r.Failed} failed, {r.InProgress} in progress, {r.GaveUp} given up{(r.RateLimited ? " (rate-limited)" : "")}.");
            return KommuntalCli.Ok;
        }));
        return cmd;
    }
}
