using Kommuntal.Application.Ports;
using Kommuntal.Testing;

namespace Kommuntal.Cli.Tests;

public class CliTests
{
    private static async Task<(int Exit, string Out, string Err)> Run(TestHost? host, params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var settings = host?.Settings ?? new Dictionary<string, string?>();
        var exit = await KommuntalCli.RunAsync(args, o, e, settings);
        return (exit, o.ToString(), e.ToString());
    }

    [Fact]
    public async Task Version_prints_the_product_version()
    {
        var (exit, output, _) = await Run(null, "--version");
        Assert.Equal(0, exit);
        Assert.StartsWith("0.1.0", output.Trim());
    }

    [Fact]
    public async Task Quota_validate_accepts_the_2022_statute_table()
    {
        var (exit, output, err) = await Run(null, "quota", "validate", Samples.Path("samples", "2022", "lanstal-2022.csv"));
        Assert.True(exit == 0, err);
        Assert.Contains("21 counties, total 7\u00A0500", output);
    }

    [Theory]
    [InlineData("wrong-total.csv", "wrong-total.csv:24: field 'lanstal': The stated total 7600 does not equal the sum of the county numbers 7500.")]
    [InlineData("duplicate-county.csv", "duplicate-county.csv:17: field 'county_code': Örebro län (18) already appears on line 16.")]
    [InlineData("unknown-county-code.csv", "unknown-county-code.csv:17: field 'county_code': Unknown county code '99'.")]
    public async Task Quota_import_rejects_bad_files_with_exit_2_naming_the_line_and_stores_nothing(string file, string expected)
    {
        await using var host = new TestHost();
        var path = Samples.Path("tests", "data", "quotas", "bad", file);
        var (exit, _, err) = await Run(host, "quota", "validate", path, "--year", "2022");
        Assert.Equal(2, exit);
        Assert.Contains(expected, err);

        (exit, _, err) = await Run(host, "quota", "import", path, "--year", "2022");
        Assert.Equal(2, exit);
        Assert.Contains(expected, err);
        Assert.Contains("nothing was stored", err);
        Assert.Null(await host.Get<IQuotaStore>().GetCurrentAsync(2022, default));
    }

    [Fact]
    public async Task Run_prints_all_21_counties_and_leaves_the_PDFs_and_emails_in_the_out_directory()
    {
        await using var host = new TestHost();
        var outDir = Path.Combine(Path.GetTempPath(), "kommuntal-cli-tests", host.Prefix);
        var (exit, output, err) = await Run(host, "run", "--year", "2022", "--out", outDir);
        Assert.True(exit == 0, err);
        Assert.Contains("18 Örebro län", output);
        Assert.Contains("14 Västra Götalands län", output);
        Assert.Matches(@"Total\s+7500\s+290\s+7500", output);
        Assert.Equal(21, Directory.GetFiles(Path.Combine(outDir, "pdf"), "*.pdf").Length);
        Assert.Equal(12, Directory.GetFiles(Path.Combine(outDir, "email"), "*.eml").Length);
        Assert.False(File.Exists(Path.Combine(outDir, "index.html"))); // the static page is retired: the public site serves the start page (issue 18)
        Assert.Contains("/api/public", output);

        (exit, output, err) = await Run(host, "run", "--year", "2022", "--out", outDir);
        Assert.True(exit == 0, err);
        Assert.Contains("0 sent", output);
        Assert.Equal(12, Directory.GetFiles(Path.Combine(outDir, "email"), "*.eml").Length);
    }

    [Fact]
    public async Task Quota_and_indicator_imports_are_on_the_national_audit_trail_once()
    {
        await using var host = new TestHost();
        var quota = Samples.Path("samples", "2022", "lanstal-2022.csv");
        var indicators = Samples.Path("tests", "data", "indicators", "good", "indicators-2022.csv");
        foreach (var args in new[] { new[] { "quota", "import", quota }, new[] { "quota", "import", quota }, new[] { "indicators", "import", indicators } })
        {
            var (exit, _, err) = await Run(host, [.. args, "--year", "2022"]);
            Assert.True(exit == 0, err);
        }
        var (code, output, error) = await Run(host, "audit", "--year", "2022", "--county", "00");
        Assert.True(code == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(quota)));
        var imported = Assert.Single(lines, l => l.Contains("quota.imported", StringComparison.Ordinal)); // the second import stored nothing
        Assert.Contains("Länstal 2022 version 1 från lanstal-2022.csv", imported);
        Assert.Contains("riket 7\u00A0500, SFS 2021:870", imported);
        Assert.Contains($"[sha256 {sha}]", imported);
        Assert.Single(lines, l => l.Contains("indicators.imported", StringComparison.Ordinal) && l.Contains("indicators-2022.csv", StringComparison.Ordinal));
    }
}
