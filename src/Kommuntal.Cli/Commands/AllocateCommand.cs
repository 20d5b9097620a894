namespace Kommuntal.Cli;

/// <summary>
/// <c>kommuntal allocate --year Y --county CC --lanstal N --indicators FILE [--deviations FILE]
/// [--parameters FILE] [--method largest-remainder|sainte-lague|dhondt] [--json]</c>: one county's
/// kommuntal from files, with the same engine as the yearly run. Pure: no storage is touched.
/// </summary>
internal static class AllocateCommand
{
    private const string Source = "kommuntal allocate";
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Create(CliContext ctx)
    {
        // Values are parsed here rather than by System.CommandLine so that bad input exits with 2
        // and a named error, like every other rejected input.
        var year = new Option<string?>("--year") { Description = "The allocation year, e.g. 2022 (required)." };
        var county = new Option<string?>("--county") { Description = "The county: its code (18) or name (Örebro län) (required)." };
        var lanstal = new Option<string?>("--lanstal") { Description = "The county's länstal, an integer ≥ 0 (required)." };
        var indicators = new Option<FileInfo?>("--indicators") { Description = "Indicator file (CSV; see README, File formats) (required)." };
        var deviations = new Option<FileInfo?>("--deviations") { Description = "Deviation file: agreements, volunteers, housing maximums, each with a reason." };
        var parameters = new Option<FileInfo?>("--parameters") { Description = "Model parameter file (JSON); default: the built-in parameters." };
        var method = new Option<string?>("--method") { Description = "Rounding method: largest-remainder (default), sainte-lague or dhondt; overrides the parameter file." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON, with every municipality's explanation." };
        var cmd = new Command("allocate", "Compute one county's kommuntal from indicator, deviation and parameter files; stores nothing.")
        {
            year, county, lanstal, indicators, deviations, parameters, method, json,
        };
        cmd.SetAction((parse, ct) => ctx.Guard(async () =>
        {
            var reference = ReferenceData.Bundled;
            var problems = new ProblemList(Source);
            var y = Integer(parse.GetValue(year), "--year", 1900, 9999, problems);
            var h = Integer(parse.GetValue(lanstal), "--lanstal", 0, 1_000_000, problems);
            var c = FindCounty(parse.GetValue(county), reference, problems);
            var indicatorFile = parse.GetValue(indicators);
            if (indicatorFile is null) problems.Add(null, "--indicators", "missing-option", "--indicators FIL måste anges.", "--indicators FILE is required.");
            ApportionmentMethod? m = null;
            if (parse.GetValue(method) is { } methodText)
            {
                m = ApportionmentMethods.Parse(methodText);
                if (m is null)
                    problems.Add(null, "--method", "unknown-method",
                        $"Okänd avrundningsmetod '{methodText}' (tillåtna: {string.Join(", ", ApportionmentMethods.Names)}).",
                        $"Unknown rounding method '{methodText}' (allowed: {string.Join(", ", ApportionmentMethods.Names)}).");
            }
            problems.ThrowIfAny();

            var indicatorSet = new IndicatorFileParser(reference).Parse(await ReadAsync(indicatorFile!, ct), y!.Value);
            IReadOnlyList<Deviation> deviationList = parse.GetValue(deviations) is { } devFile
                ? new DeviationFileParser(reference).Parse(await ReadAsync(devFile, ct), c!.Code)
                : [];
            var p = parse.GetValue(parameters) is { } parFile ? ModelParametersJson.Parse(await ReadAsync(parFile, ct)) : ModelParameters.Default;
            if (m is { } chosen) p = p with { Method = chosen };

            var result = new KommuntalModel().Allocate(new AllocationRequest(y.Value, c!, h!.Value,
                reference.MunicipalitiesIn(c!.Code), indicatorSet, deviationList, p));
            if (parse.GetValue(json)) await ctx.Out.WriteLineAsync(Json(result));
            else await PrintTableAsync(ctx.Out, result);
            return KommuntalCli.Ok;
        }));
        return cmd;
    }

    /// <summary>The documented JSON shape: year, county, lanstal, method and every municipality with its explanation.</summary>
    internal static string Json(AllocationResult r) => KommuntalJson.Serialize(new
    {
        year = r.Year,
        county = r.CountyCode,
        lanstal = r.Lanstal,
        method = ApportionmentMethods.Name(r.Parameters.Method),
        municipalities = r.Municipalities.Select(m => new { code = m.Code, name = m.Name, kommuntal = m.Kommuntal, explanation = m.Explanation }),
    });

    private static int? Integer(string? text, string option, int min, int max, ProblemList problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            problems.Add(null, option, "missing-option", $"{option} måste anges.", $"{option} is required.");
            return null;
        }
        if (!int.TryParse(text.Trim(), NumberStyles.None, Inv, out var value) || value < min || value > max)
        {
            problems.Add(null, option, "invalid-number", $"{option} '{text}' är inte ett heltal mellan {min} och {max}.",
                $"{option} '{text}' is not an integer from {min} to {max}.");
            return null;
        }
        return value;
    }

    private static County? FindCounty(string? text, ReferenceData reference, ProblemList problems)
    {
        var t = (text ?? "").Trim();
        if (t.Length == 0)
        {
            problems.Add(null, "--county", "missing-option", "--county måste anges (länskod, t.ex. 18).", "--county is required (county code, e.g. 18).");
            return null;
        }
        var county = reference.FindCountyByCodeOrName(t);
        if (county is null)
            problems.Add(null, "--county", "unknown-county", $"Okänt län '{text}'.", $"Unknown county '{text}'.");
        return county;
    }

    private static async Task<InputFile> ReadAsync(FileInfo file, CancellationToken ct) =>
        file.Exists
            ? new InputFile(file.Name, await File.ReadAllBytesAsync(file.FullName, ct))
            : throw new ValidationFailedException([new ValidationProblem(file.Name, null, null, "file-not-found",
                $"Filen {file.FullName} finns inte.", $"The file {file.FullName} does not exist.")]);

    private static async Task PrintTableAsync(TextWriter o, AllocationResult r)
    {
        var p = r.Parameters;
        await o.WriteLineAsync($"Kommuntal {r.Year}, {r.CountyName} ({r.CountyCode}): länstal {r.Lanstal}");
        await o.WriteLineAsync($"Model {p.Version} (engine {r.EngineVersion}), rounding {ApportionmentMethods.Name(p.Method)}");
        foreach (var f in r.Factors)
            await o.WriteLineAsync(f.Used
                ? $"  {FactorNames.Name(f.Factor),-10} weight {F(f.ConfiguredWeight, "0.####")} -> applied {F(f.AppliedWeight, "0.0000")}"
                : $"  {FactorNames.Name(f.Factor),-10} weight {F(f.ConfiguredWeight, "0.####")} -> not used ({f.Note})");
        await o.WriteLineAsync(r.SelfSettledNetting
            ? $"  self-settled netted: {F(r.SelfSettledTotal, "0.##")} in the county"
            : $"  self-settled not netted ({(p.NetSelfSettled ? "no data" : "off")})");
        await o.WriteLineAsync();

        var rows = r.Municipalities.Select(m => new[]
        {
            m.Code,
            m.Name,
            F(m.Explanation.ModelQuota, "0.00"),
            F(m.Explanation.ExactQuota, "0.00"),
            m.Kommuntal.ToString(Inv),
            Note(m.Explanation),
        }).ToList();
        string[] header = ["Code", "Municipality", "Model quota", "Exact quota", "Kommuntal", "Deviation / note"];
        string[] total = ["", "Total (länstal)", F(r.Municipalities.Sum(m => m.Explanation.ModelQuota), "0.00"),
            F(r.Municipalities.Sum(m => m.Explanation.ExactQuota), "0.00"), r.Total.ToString(Inv), ""];
        var widths = header.Select((h, i) => Math.Max(Math.Max(h.Length, total[i].Length), rows.Count == 0 ? 0 : rows.Max(row => row[i].Length))).ToArray();
        string Line(string[] cells) => string.Join("  ", cells.Select((c, i) => i is 2 or 3 or 4 ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd();
        var rule = string.Join("  ", widths.Select(w => new string('-', w)));
        await o.WriteLineAsync(Line(header));
        await o.WriteLineAsync(rule);
        foreach (var row in rows) await o.WriteLineAsync(Line(row));
        await o.WriteLineAsync(rule);
        await o.WriteLineAsync(Line(total));
    }

    private static string Note(MunicipalExplanation e)
    {
        var parts = new List<string>();
        foreach (var d in e.Deviations)
        {
            var bit = (d.Kind, e.BoundApplied) switch
            {
                (DeviationKind.Agreement, "agreement") => "",
                (DeviationKind.Volunteer, "volunteer-minimum") => " (applied)",
                (DeviationKind.Housing, "housing-maximum") => " (applied)",
                _ => " (not binding)",
            };
            parts.Add(d.Kind switch
            {
                DeviationKind.Agreement => $"agreement {d.Number}{bit}",
                DeviationKind.Volunteer => $"at least {d.Number}{bit}",
                _ => $"at most {d.Number}{bit}",
            } + $": {d.Reason}");
        }
        if (e.FlooredAtZero) parts.Add("model value negative, floored at 0");
        if (e.EqualShareFallback) parts.Add("equal share of the places left");
        return string.Join("; ", parts);
    }

    private static string F(double v, string format) => v.ToString(format, Inv);
}
