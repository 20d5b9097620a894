namespace Kommuntal.Cli;

/// <summary>
/// <c>kommuntal indicators validate|import FILE [--year Y] [--json]</c>: one row per municipality
/// (CSV, .xlsx or JSON). The year is the file's when it states one (JSON "year", column
/// allocation_year), else --year; a conflict is an error.
/// </summary>
internal static class IndicatorCommands
{
    public static Command Create(CliContext ctx) => new("indicators", "Indicator files (population, labour measure, earlier reception, asylum seekers, self-settled per municipality).")
    {
        Build(ctx, import: false),
        Build(ctx, import: true),
    };

    private static Command Build(CliContext ctx, bool import)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The indicator file." };
        var year = new Option<int?>("--year") { Description = "The allocation year, e.g. 2022 (required unless the file states it)." };
        var json = new Option<bool>("--json") { Description = "Print the parsed indicators as JSON." };
        var cmd = import
            ? new Command("import", "Import an indicator file as a new version for the year; the next proposal uses it (the same content again returns the existing version).") { file, year, json }
            : new Command("validate", "Check an indicator file; stores nothing. Exit 0 when valid, 2 with every problem on stderr.") { file, year, json };
        cmd.SetAction((parse, ct) => ctx.Guard(async () =>
        {
            await using var sp = await ctx.BuildServicesAsync(parse, null, storage: import, ct);
            var input = await InputFiles.ReadAsync(parse.GetValue(file)!, sp, ct);
            var service = sp.GetRequiredService<IndicatorImportService>();
            IndicatorSet set;
            IReadOnlyList<string> columns;
            if (import)
            {
                var outcome = await service.ImportAsync(input, parse.GetValue(year), InputFiles.Actor, ct);
                await ctx.Out.WriteLineAsync($"{(outcome.Created ? "Stored" : "Already stored")}: indicators {outcome.Version.Year} version {outcome.Version.Version} (SHA-256 {outcome.Version.Source.Sha256}).");
                (set, columns) = (outcome.Version.Indicators, outcome.Version.Columns);
            }
            else
            {
                var parsed = service.Validate(input, parse.GetValue(year));
                (set, columns) = (parsed.Indicators, parsed.IndicatorColumns);
            }
            if (parse.GetValue(json))
                await ctx.Out.WriteLineAsync(KommuntalJson.Serialize(new
                {
                    year = set.Year,
                    columns,
                    municipalities = set.Rows.Select(r => new { code = r.MunicipalityCode, population = r.Population, labour = r.Labour, reception = r.Reception, asylumSeekers = r.AsylumSeekers, selfSettled = r.SelfSettled }),
                }));
            else
                await ctx.Out.WriteLineAsync($"Valid: {set.Rows.Count} municipalities, year {set.Year}, columns {string.Join(", ", columns)}.");
            return KommuntalCli.Ok;
        }));
        return cmd;
    }
}
