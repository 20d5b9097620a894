namespace Kommuntal.Cli;

/// <summary>
/// <c>kommuntal wishes validate|import FILE --county CC [--year Y] [--json]</c>: a county's wishes
/// and agreements (CSV, .xlsx or JSON). Import records them on the county-year for the next proposal.
/// </summary>
internal static class WishCommands
{
    public static Command Create(CliContext ctx) => new("wishes", "Wish (deviation) files: agreements, volunteers and housing limits per municipality, with reasons.")
    {
        Build(ctx, import: false),
        Build(ctx, import: true),
    };

    private static Command Build(CliContext ctx, bool import)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The wish file." };
        var year = new Option<int?>("--year") { Description = "The allocation year, e.g. 2022 (required unless the file states it)." };
        var county = new Option<string>("--county") { Description = "The county code, e.g. 18 for Örebro län.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the parsed wishes as JSON." };
        var cmd = import
            ? new Command("import", "Import a wish file as a new version and record the wishes on the county-year (the same content again returns the existing version).") { file, year, county, json }
            : new Command("validate", "Check a wish file; stores nothing. Exit 0 when valid, 2 with every problem on stderr.") { file, year, county, json };
        cmd.SetAction((parse, ct) => ctx.Guard(async () =>
        {
            await using var sp = await ctx.BuildServicesAsync(parse, null, storage: import, ct);
            var input = await InputFiles.ReadAsync(parse.GetValue(file)!, sp, ct);
            var service = sp.GetRequiredService<WishImportService>();
            int y; string cc; IReadOnlyList<Deviation> wishes;
            if (import)
            {
                var outcome = await service.ImportAsync(input, parse.GetValue(year), parse.GetValue(county)!, InputFiles.Actor, ct);
                await ctx.Out.WriteLineAsync($"{(outcome.Created ? "Stored" : "Already stored")}: wishes {outcome.Version.Year}-{outcome.Version.CountyCode} version {outcome.Version.Version} (SHA-256 {outcome.Version.Source.Sha256})"
                    + (outcome.RecordedNow ? "; recorded for the next proposal." : "."));
                (y, cc, wishes) = (outcome.Version.Year, outcome.Version.CountyCode, outcome.Version.Wishes);
            }
            else
            {
                var parsed = service.Validate(input, parse.GetValue(year), parse.GetValue(county)!);
                (y, cc, wishes) = (parsed.Year, parsed.CountyCode, parsed.Deviations);
            }
            var reference = sp.GetRequiredService<ReferenceData>();
            if (parse.GetValue(json))
                await ctx.Out.WriteLineAsync(KommuntalJson.Serialize(new
                {
                    year = y,
                    county = cc,
                    wishes = wishes.Select(w => new { municipality = w.MunicipalityCode, name = reference.FindMunicipality(w.MunicipalityCode)?.Name, kind = DeviationKinds.Name(w.Kind), number = w.Number, reason = w.Reason }),
                }));
            else
            {
                await ctx.Out.WriteLineAsync($"Valid: {wishes.Count} wish(es) for {reference.County(cc).Name}, year {y}.");
                foreach (var w in wishes)
                    await ctx.Out.WriteLineAsync($"  {w.MunicipalityCode} {reference.FindMunicipality(w.MunicipalityCode)?.Name}: {DeviationKinds.Name(w.Kind)} {w.Number} ({w.Reason})");
            }
            return KommuntalCli.Ok;
        }));
        return cmd;
    }
}
