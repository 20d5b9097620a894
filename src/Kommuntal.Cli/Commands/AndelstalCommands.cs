using Kommuntal.Core.Unaccompanied;

namespace Kommuntal.Cli;

/// <summary>
/// <c>kommuntal andelstal import|validate FILE --year Y [--json]</c>: the shares for unaccompanied
/// children (per mille, the whole country or some counties); <c>kommuntal andelstal requests
/// import|validate FILE --county CC --year Y [--json]</c>: a county's requests (lower, raise, transfer).
/// </summary>
internal static class AndelstalCommands
{
    public static Command Create(CliContext ctx) => new("andelstal", "Shares for unaccompanied children (andelstal, per mille) and the counties' requests to lower, raise or transfer them.")
    {
        Shares(ctx, import: false),
        Shares(ctx, import: true),
        new Command("requests", "A county's requests about its shares: lower, raise or transfer (to a counterpart in the county), each with a reason.")
        {
            Requests(ctx, import: false),
            Requests(ctx, import: true),
        },
    };

    private static Command Shares(CliContext ctx, bool import)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The shares file (municipality_code or kommun, andelstal)." };
        var year = new Option<int?>("--year") { Description = "The year, e.g. 2022 (required unless the file states it)." };
        var json = new Option<bool>("--json") { Description = "Print the shares as JSON." };
        var cmd = import
            ? new Command("import", "Import a shares file as a new version (the counties it covers replaced; the same content again returns the existing version).") { file, year, json }
            : new Command("validate", "Check a shares file; stores nothing. Exit 0 when valid, 2 with every problem on stderr.") { file, year, json };
        cmd.SetAction((parse, ct) => ctx.Guard(async () =>
        {
            await using var sp = await ctx.BuildServicesAsync(parse, null, storage: import, ct);
            var input = await InputFiles.ReadAsync(parse.GetValue(file)!, sp, ct);
            var service = sp.GetRequiredService<ShareImportService>();
            var reference = sp.GetRequiredService<ReferenceData>();
            int y; IReadOnlyList<RecordedShare> shares; IReadOnlyList<string> counties;
            if (import)
            {
                var outcome = await service.ImportSharesAsync(input, parse.GetValue(year), InputFiles.Actor, ct);
                await ctx.Out.WriteLineAsync($"{(outcome.Created ? "Stored" : "Already stored")}: andelstal {outcome.Version.Year} version {outcome.Version.Version} (SHA-256 {outcome.Version.Source.Sha256}).");
                // Requests on record that the new shares no longer allow: the shares are stored; the county's next proposal waits for new requests.
                foreach (var stale in outcome.RequestsNoLongerFit)
                    foreach (var p in stale.Problems)
                        await ctx.Error.WriteLineAsync($"warning: {reference.County(stale.CountyCode).Name}: the requests on record ({stale.FileName}) no longer fit: {p.MessageEn}");
                (y, shares, counties) = (outcome.Version.Year, outcome.Version.Shares, outcome.Counties);
            }
            else
            {
                var parsed = service.ValidateShares(input, parse.GetValue(year));
                (y, shares, counties) = (parsed.Year, parsed.Shares, parsed.Counties(reference));
            }
            if (parse.GetValue(json))
                await ctx.Out.WriteLineAsync(KommuntalJson.Serialize(new
                {
                    year = y,
                    counties,
                    shares = shares.Select(s => new { municipality = s.MunicipalityCode, name = reference.FindMunicipality(s.MunicipalityCode)?.Name, andelstal = s.Share }),
                }));
            else
            {
                await ctx.Out.WriteLineAsync($"Valid: {shares.Count} share(s), year {y}, {counties.Count} county/counties.");
                foreach (var c in counties)
                {
                    var sum = new PerMille(shares.Where(s => reference.FindMunicipality(s.MunicipalityCode)?.CountyCode == c).Sum(s => s.Share.Thousandths));
                    await ctx.Out.WriteLineAsync($"  {c} {reference.County(c).Name}: {sum.ToInvariantString()} per mille");
                }
            }
            return KommuntalCli.Ok;
        }));
        return cmd;
    }

    private static Command Requests(CliContext ctx, bool import)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The request file (municipality_code, request, per_mille, counterpart_code, reason)." };
        var year = new Option<int?>("--year") { Description = "The year, e.g. 2022 (required unless the file states it)." };
        var county = new Option<string>("--county") { Description = "The county code, e.g. 18 for Örebro län.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the requests (and the county's shares before and after) as JSON." };
        var cmd = import
            ? new Command("import", "Import a county's request file as a new version; transfers are checked against the shares on record.") { file, year, county, json }
            : new Command("validate", "Check a request file; stores nothing. Exit 0 when valid, 2 with every problem on stderr.") { file, year, county, json };
        cmd.SetAction((parse, ct) => ctx.Guard(async () =>
        {
            await using var sp = await ctx.BuildServicesAsync(parse, null, storage: import, ct);
            var input = await InputFiles.ReadAsync(parse.GetValue(file)!, sp, ct);
            var service = sp.GetRequiredService<ShareImportService>();
            var reference = sp.GetRequiredService<ReferenceData>();
            int y; string cc; IReadOnlyList<ShareRequest> requests; CountyShares? after = null;
            if (import)
            {
                var outcome = await service.ImportRequestsAsync(input, parse.GetValue(year), parse.GetValue(county)!, InputFiles.Actor, ct);
                await ctx.Out.WriteLineAsync($"{(outcome.Created ? "Stored" : "Already stored")}: andelstal requests {outcome.Version.Year}-{outcome.Version.CountyCode} version {outcome.Version.Version} (SHA-256 {outcome.Version.Source.Sha256}).");
                (y, cc, requests, after) = (outcome.Version.Year, outcome.Version.CountyCode, outcome.Version.Requests, outcome.Shares);
            }
            else
            {
                var parsed = service.ValidateRequests(input, parse.GetValue(year), parse.GetValue(county)!);
                (y, cc, requests) = (parsed.Year, parsed.CountyCode, parsed.Requests);
            }
            string Name(string? code) => code is null ? "" : reference.FindMunicipality(code)?.Name ?? code;
            if (parse.GetValue(json))
                await ctx.Out.WriteLineAsync(KommuntalJson.Serialize(new
                {
                    year = y,
                    county = cc,
                    requests = requests.Select(r => new
                    {
                        municipality = r.MunicipalityCode, name = Name(r.MunicipalityCode), request = ShareRequest.KindName(r.Kind), perMille = r.Amount,
                        counterpart = r.CounterpartCode, reason = r.Reason, applied = after is not null && !after.NotApplied.Contains(r),
                    }),
                    shares = after?.Rows.Select(r => new { municipality = r.MunicipalityCode, name = r.Name, before = r.Before, after = r.After }),
                }));
            else
            {
                await ctx.Out.WriteLineAsync($"Valid: {requests.Count} request(s) for {reference.County(cc).Name}, year {y}.");
                foreach (var r in requests)
                    await ctx.Out.WriteLineAsync($"  {r.MunicipalityCode} {Name(r.MunicipalityCode)}: {ShareRequest.KindName(r.Kind)} {r.Amount?.ToInvariantString() ?? "-"}"
                        + (r.CounterpartCode is null ? "" : $" to {r.CounterpartCode} {Name(r.CounterpartCode)}") + $" ({r.Reason})");
                if (after is not null)
                    await ctx.Out.WriteLineAsync($"County sum {after.TotalBefore.ToInvariantString()} per mille before and {after.TotalAfter.ToInvariantString()} after; {after.NotApplied.Count} request(s) recorded, not applied.");
            }
            return KommuntalCli.Ok;
        }));
        return cmd;
    }
}
