using System.Diagnostics;
using System.Text.Json;
using Kommuntal.Testing;

namespace Kommuntal.Tools.Serve.Tests.OpenApi;

/// <summary>
/// openapi.json is linted in every test run by an external linter, Redocly CLI (npm
/// <c>@redocly/cli</c>, pinned in package.json, installed by <c>npm ci</c>), with the recommended
/// ruleset as <c>redocly.yaml</c> configures it: no error and no warning. It also reads as OpenAPI
/// for Microsoft.OpenApi, which the socket suite's validator uses.
/// </summary>
public class OpenApiLintTests
{
    private static async Task<(int Exit, JsonElement Totals, string Output)> LintAsync(string? document = null)
    {
        var redocly = Samples.Path("node_modules", ".bin", "redocly");
        Assert.True(File.Exists(redocly), $"{redocly} is missing: run npm ci (scripts/test.sh does)");
        var start = new ProcessStartInfo(redocly) { WorkingDirectory = Samples.RepoRoot, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("lint");
        if (document is not null) start.ArgumentList.Add(document);
        start.ArgumentList.Add("--format=json");
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        var output = await stdout;
        var json = output[output.IndexOf('{')..];
        return (process.ExitCode, JsonDocument.Parse(json).RootElement.GetProperty("totals").Clone(), output + await stderr);
    }

    [Fact]
    public async Task Redocly_lints_openapi_json_with_the_recommended_rules_and_finds_nothing()
    {
        var (exit, totals, output) = await LintAsync();
        Assert.True(exit == 0, output);
        Assert.Equal(0, totals.GetProperty("errors").GetInt32());
        Assert.True(totals.GetProperty("warnings").GetInt32() == 0, output);
        Assert.Equal(16, totals.GetProperty("ignored").GetInt32()); // .redocly.lint-ignore.yaml, nothing more
    }

    [Fact]
    public async Task The_linter_fails_a_document_with_an_error()
    {
        var broken = Path.Combine(Path.GetTempPath(), $"openapi-broken-{Guid.NewGuid():N}.json");
        var text = File.ReadAllText(Samples.Path("src", "Kommuntal.Functions", "openapi.json"))
            .Replace("\"#/components/schemas/QuotaVersion\"", "\"#/components/schemas/NoSuchSchema\"", StringComparison.Ordinal);
        File.WriteAllText(broken, text);
        try
        {
            var (exit, totals, _) = await LintAsync(broken);
            Assert.NotEqual(0, exit);
            Assert.True(totals.GetProperty("errors").GetInt32() > 0);
        }
        finally
        {
            File.Delete(broken);
        }
    }

    [Fact]
    public void Microsoft_OpenApi_reads_the_document_and_every_operation_has_an_id_and_JSON_answers_a_schema()
    {
        var contract = OpenApiContract.Document;
        Assert.True(contract.Operations.Count >= 20);
        Assert.All(contract.Operations, o => Assert.False(string.IsNullOrEmpty(o.OperationId), o.ToString()));
        Assert.Equal("/api", contract.ServerPath);
    }
}
