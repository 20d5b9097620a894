namespace Kommuntal.Cli;

/// <summary><c>kommuntal recipients validate|import FILE</c> and <c>kommuntal recipients list --county C</c>.</summary>
internal static class RecipientCommands
{
    public static Command Create(CliContext ctx) => new("recipients", "The municipalities' registry e-mail addresses decisions are sent to.")
    {
        Validate(ctx),
        Import(ctx),
        List(ctx),
    };

    private static Command Validate(CliContext ctx)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "CSV with municipality_code, municipality_name (optional), email." };
        var cmd = new Command("validate", "Check a recipient file; stores nothing. Exit 0 when valid, 2 with every problem on stderr.") { file };
        cmd.SetAction((parse, ct) => ctx.Guard(async () =>
        {
            var input = await ReadAsync(parse.GetValue(file)!, ct);
            await using var sp = await ctx.BuildServicesAsync(parse, null, storage: false, ct);
            var list = sp.GetRequiredService<RecipientImportService>().Validate(input);
            var reference = sp.GetRequiredService<ReferenceData>();
            var counties = list.Select(r => reference.FindMunicipality(r.MunicipalityCode)!.CountyCode).Distinct().Count();
            await ctx.Out.WriteLineAsync($"Valid: {list.Count} addresses for {list.Select(r => r.MunicipalityCode).Distinct().Count()} municipalities in {counties} counties.");
            return KommuntalCli.Ok;
        }));
        return cmd;
    }

    private static Command Import(CliContext ctx)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "CSV with municipality_code, municipality_name (optional), email." };
        var cmd = new Command("import", "Store a recipient file: a new version of the list of each county it covers (an unchanged list is not stored again).") { file };
        cmd.SetAction((parse, ct) => ctx.Guard(async () =>
        {
            var input = await ReadAsync(parse.GetValue(file)!, ct);
            await using var sp = await ctx.BuildServicesAsync(parse, ct);
            var results = await sp.GetRequiredService<RecipientImportService>().ImportAsync(input, Environment.UserName is { Length: > 0 } u ? u : "cli", ct);
            foreach (var r in results)
                await ctx.Out.WriteLineAsync($"{(r.Created ? "Stored" : "Already stored")}: recipients of {r.County.Name} version {r.Version.Version} ({r.Version.Recipients.Count} addresses, SHA-256 {r.Version.Sha256}).");
            return KommuntalCli.Ok;
        }));
        return cmd;
    }

    private static Command List(CliContext ctx)
    {
        var county = new Option<string>("--county") { Description = "County code, e.g. 18.", Required = true };
        var cmd = new Command("list", "Show the addresses a county's decisions go to (the imported list, else the bundled one).") { county };
        cmd.SetAction((parse, ct) => ctx.Guard(async () =>
        {
            await using var sp = await ctx.BuildServicesAsync(parse, ct);
            var reference = sp.GetRequiredService<ReferenceData>();
            var c = reference.FindCounty(parse.GetValue(county)!.Trim())
                ?? throw new Core.Validation.ValidationFailedException([new Core.Validation.ValidationProblem("--county", null, "county", "unknown-county",
                    "Okänd länskod.", $"Unknown county code '{parse.GetValue(county)}'.")]);
            var imported = await sp.GetRequiredService<IRecipientStore>().GetCurrentAsync(c.Code, ct);
            var list = await sp.GetRequiredService<IRecipientDirectory>().GetAsync(c.Code, ct);
            await ctx.Out.WriteLineAsync(imported is null
                ? $"{c.Name}: {list.Count} addresses (bundled reference data)"
                : $"{c.Name}: {list.Count} addresses (imported version {imported.Version} from {imported.Source.FileName}, {imported.Source.ImportedAt:yyyy-MM-dd})");
            var byCode = list.ToLookup(r => r.MunicipalityCode);
            foreach (var m in reference.MunicipalitiesIn(c.Code))
                await ctx.Out.WriteLineAsync($"{m.Code}  {m.Name,-20}  {(byCode[m.Code].Any() ? string.Join(", ", byCode[m.Code].Select(r => r.Email)) : "(no address)")}");
            return KommuntalCli.Ok;
        }));
        return cmd;
    }

    private static async Task<InputFile> ReadAsync(FileInfo file, CancellationToken ct) =>
        file.Exists
            ? new InputFile(file.Name, await File.ReadAllBytesAsync(file.FullName, ct))
            : throw new Core.Validation.ValidationFailedException([new Core.Validation.ValidationProblem(file.Name, null, null, "file-not-found",
                $"Filen {file.FullName} finns inte.", $"The file {file.FullName} does not exist.")]);
}
