using Kommuntal.Core.Quotas;

namespace Kommuntal.Cli;

/// <summary>
/// <c>kommuntal quota validate|import FILE [--year Y] [--json]</c>: the statute's annex text, CSV,
/// .xlsx or JSON. The year is the file's when it states one, else --year; a conflict is an error.
/// </summary>
internal static class QuotaCommands
{
    public static Command Create(CliContext ctx) => new("quota", "National quota files (länstal).")
    {
        Validate(ctx),
        Import(ctx),
    };

    private static (Argument<FileInfo> File, Option<int?> Year, Option<bool> Json) Common() => (
        new Argument<FileInfo>("FILE") { Description = "The quota file." },
        new Option<int?>("--year") { Description = "The year, when the file does not state it (a different year in the file is an error)." },
        new Option<bool>("--json") { Description = "Print the parsed quota as JSON." });

    private static Command Validate(CliContext ctx)
    {
        var (file, year, json) = Common();
        var cmd = new Command("validate", "Check a quota file; stores nothing. Exit 0 when valid, 2 with every problem on stderr.") { file, year, json };
        cmd.SetAction((parse, ct) => ctx.Guard(async () =>
        {
            await using var sp = await ctx.BuildServicesAsync(parse, null, storage: false, ct);
            var input = await InputFiles.ReadAsync(parse.GetValue(file)!, sp, ct);
            var q = sp.GetRequiredService<QuotaImportService>().Validate(input, parse.GetValue(year));
            await Print(ctx, q, parse.GetValue(json));
            return KommuntalCli.Ok;
        }));
        return cmd;
    }

    private static Command Import(CliContext ctx)
    {
        var (file, year, json) = Common();
        var cmd = new Command("import", "Import a quota file as a new version (the same content again returns the existing version).") { file, year, json };
        cmd.SetAction((parse, ct) => ctx.Guard(async () =>
        {
            await using var sp = await ctx.BuildServicesAsync(parse, ct);
            var input = await InputFiles.ReadAsync(parse.GetValue(file)!, sp, ct);
            var outcome = await sp.GetRequiredService<QuotaImportService>().ImportAsync(input, parse.GetValue(year), InputFiles.Actor, ct);
            await ctx.Out.WriteLineAsync($"{(outcome.Created ? "Stored" : "Already stored")}: quota {outcome.Version.Year} version {outcome.Version.Version} (SHA-256 {outcome.Version.Source.Sha256}).");
            if (outcome.ChangedCounties.Count > 0) await ctx.Out.WriteLineAsync($"Changed länstal: {string.Join(", ", outcome.ChangedCounties)}.");
            if (outcome.FlaggedCounties.Count > 0) await ctx.Out.WriteLineAsync($"Counties needing a new decision: {string.Join(", ", outcome.FlaggedCounties)}.");
            await Print(ctx, outcome.Version.Quota, parse.GetValue(json));
            return KommuntalCli.Ok;
        }));
        return cmd;
    }

    private static async Task Print(CliContext ctx, NationalQuota q, bool json)
    {
        if (json)
        {
            await ctx.Out.WriteLineAsync(KommuntalJson.Serialize(new
            {
                year = q.Year == 0 ? (int?)null : q.Year,
                total = q.Total,
                counties = q.Counties.Select(c => new { code = c.CountyCode, name = c.CountyName, lanstal = c.Lanstal }),
            }));
            return;
        }
        await ctx.Out.WriteLineAsync($"Valid: {q.Counties.Count} counties, total {SwedishFormat.Number(q.Total)}{(q.Year > 0 ? $", year {q.Year}" : "")}"
            + $"{(q.StatuteReference is null ? "" : $", {q.StatuteReference}")}.");
    }
}
