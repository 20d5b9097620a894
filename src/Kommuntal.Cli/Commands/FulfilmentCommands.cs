using Kommuntal.Core.Fulfilment;

namespace Kommuntal.Cli;

/// <summary>
/// <c>kommuntal fulfilment import FILE --year Y [--period YYYY-MM] [--json]</c> and
/// <c>kommuntal fulfilment report --year Y [--county CC] [--json]</c> (issue 19): Migrationsverket's
/// statistics "Anvisningar enligt kommuntalen" against the decided kommuntal.
/// </summary>
internal static class FulfilmentCommands
{
    public static Command Create(CliContext ctx) => new("fulfilment", "Follow the year: people received on assignment against the kommuntal (Migrationsverket's statistics).")
    {
        Import(ctx),
        Report(ctx),
    };

    private static Command Import(CliContext ctx)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The statistics file (CSV with ';', ',' or tab, UTF-8 or Windows-1252, or .xlsx)." };
        var year = new Option<int?>("--year") { Description = "The year, e.g. 2022 (required unless the file's period states it)." };
        var period = new Option<string?>("--period") { Description = "The month the figures run to, YYYY-MM (omit for the whole year unless the file states it)." };
        var json = new Option<bool>("--json") { Description = "Print the stored version as JSON." };
        var cmd = new Command("import", "Import a statistics file as a new version for the year and period (the same content again returns the existing version).") { file, year, period, json };
        cmd.SetAction((parse, ct) => ctx.Guard(async () =>
        {
            await using var sp = await ctx.BuildServicesAsync(parse, null, storage: true, ct);
            var input = await InputFiles.ReadAsync(parse.GetValue(file)!, sp, ct);
            var o = await sp.GetRequiredService<FulfilmentService>().ImportAsync(input, parse.GetValue(year), parse.GetValue(period), InputFiles.Actor, ct);
            var v = o.Version;
            if (parse.GetValue(json))
                await ctx.Out.WriteLineAsync(KommuntalJson.Serialize(new
                {
                    year = v.Year, period = v.Period, version = v.Version, created = o.Created, sha256 = v.Source.Sha256, format = o.Format,
                    municipalities = v.Rows.Count, kommuntal = v.Rows.Sum(r => r.Kommuntal), received = v.Rows.Sum(r => r.Received),
                }));
            else
                await ctx.Out.WriteLineAsync($"{(o.Created ? "Stored" : "Already stored")}: fulfilment {v.Year} {v.Period ?? "whole year"} version {v.Version} "
                    + $"({v.Rows.Count} municipalities, received {v.Rows.Sum(r => r.Received)}; SHA-256 {v.Source.Sha256}).");
            return KommuntalCli.Ok;
        }));
        return cmd;
    }

    private static Command Report(CliContext ctx)
    {
        var year = new Option<int>("--year") { Description = "The year, e.g. 2022.", Required = true };
        var county = new Option<string?>("--county") { Description = "Only this county (code, e.g. 18)." };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON: {year,kommuntal,received,counties[],municipalities[]}." };
        var cmd = new Command("report", "The report from the latest statistics of the year: kommuntal (decision or file), received, share, remaining, against pro rata.") { year, county, json };
        cmd.SetAction((parse, ct) => ctx.Guard(async () =>
        {
            await using var sp = await ctx.BuildServicesAsync(parse, null, storage: true, ct);
            var report = await sp.GetRequiredService<FulfilmentService>().ReportAsync(parse.GetValue(year), parse.GetValue(county), ct);
            if (parse.GetValue(json))
            {
                await ctx.Out.WriteLineAsync(KommuntalJson.Serialize(FulfilmentSummary.From(report)));
                return KommuntalCli.Ok;
            }
            await ctx.Out.WriteLineAsync($"Fulfilment {report.Year}, {(report.Period is null ? "whole year" : "January to " + report.Period)} (pro rata {report.Months}/12)");
            await ctx.Out.WriteLineAsync(Line("code", "name", "kommuntal", "source", "received", "share %", "remaining", "expected", "vs expected"));
            foreach (var c in report.Counties)
            {
                foreach (var m in c.Municipalities)
                    await ctx.Out.WriteLineAsync(Line(m.Code, m.Name + (m.MissingFromFile ? " (not in file)" : ""), N(m.Kommuntal), m.Source == KommuntalSource.Decision ? "decision" : "file",
                        N(m.Received), D(m.SharePercent), N(m.Remaining), D(m.Expected), D(m.AgainstExpected)));
                await ctx.Out.WriteLineAsync(Line(c.Code, c.Name, N(c.Kommuntal), "", N(c.Received), D(c.SharePercent), N(c.Remaining), D(c.Expected), D(c.AgainstExpected)));
            }
            await ctx.Out.WriteLineAsync(Line("", "Total", N(report.Kommuntal), "", N(report.Received), D(report.SharePercent), N(report.Remaining), D(report.Expected), D(report.AgainstExpected)));
            return KommuntalCli.Ok;
        }));
        return cmd;
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
    private static string D(decimal? d) => d?.ToString("0.0", CultureInfo.InvariantCulture) ?? "-";

    private static string Line(string code, string name, string kommuntal, string source, string received, string share, string remaining, string expected, string against) =>
        $"{code,-5} {name,-32} {kommuntal,9} {source,-8} {received,8} {share,7} {remaining,9} {expected,8} {against,11}";
}
