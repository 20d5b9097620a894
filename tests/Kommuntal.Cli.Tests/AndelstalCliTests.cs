using System.Text.Json;
using Kommuntal.Application.Ports;
using Kommuntal.Testing;

namespace Kommuntal.Cli.Tests;

/// <summary><c>kommuntal andelstal import</c> and <c>kommuntal andelstal requests import</c> against Azurite (test variants in tests/data/andelstal).</summary>
public class AndelstalCliTests
{
    private static async Task<(int Exit, string Out, string Err)> Run(TestHost host, params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var exit = await KommuntalCli.RunAsync(args, o, e, host.Settings);
        return (exit, o.ToString(), e.ToString());
    }

    private static string Data(string name) => Samples.Path("tests", "data", "andelstal", name);

    [Fact]
    public async Task Shares_and_requests_import_from_the_command_line_and_the_same_file_again_is_the_same_version()
    {
        await using var host = new TestHost();
        var (exit, output, err) = await Run(host, "andelstal", "import", Data("andelstal-2022.csv"), "--year", "2022", "--json");
        Assert.True(exit == 0, err);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Stored: andelstal 2022 version 1", lines[0], StringComparison.Ordinal);
        using (var doc = JsonDocument.Parse(lines[^1]))
        {
            Assert.Equal(290, doc.RootElement.GetProperty("shares").GetArrayLength());
            Assert.Equal(1000m, doc.RootElement.GetProperty("shares").EnumerateArray().Sum(s => s.GetProperty("andelstal").GetDecimal()));
        }
        (exit, output, _) = await Run(host, "andelstal", "import", Data("andelstal-2022.csv"), "--year", "2022");
        Assert.Equal(0, exit);
        Assert.Contains("Already stored: andelstal 2022 version 1", output, StringComparison.Ordinal);

        (exit, output, err) = await Run(host, "andelstal", "requests", "import", Data("requests-2022-18-lower.csv"), "--county", "18", "--year", "2022");
        Assert.True(exit == 0, err);
        Assert.Contains("Stored: andelstal requests 2022-18 version 1", output, StringComparison.Ordinal);
        Assert.Contains("County sum 29.352 per mille before and 29.352 after; 2 request(s) recorded, not applied.", output, StringComparison.Ordinal);
        Assert.Equal(2, (await host.Get<IShareStore>().GetRequestsAsync(2022, "18", default))!.Requests.Count);
    }

    [Fact]
    public async Task A_request_for_a_municipality_of_another_county_exits_2_naming_the_line_and_stores_nothing()
    {
        await using var host = new TestHost();
        var bad = Path.Combine(Path.GetTempPath(), "kommuntal-cli-tests", host.Prefix, "begaran.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(bad)!);
        await File.WriteAllTextAsync(bad, "# test file\nmunicipality_code,request,per_mille,counterpart_code,reason\n1880,transfer,0.5,0180,Testvariant\n");
        var (exit, _, err) = await Run(host, "andelstal", "requests", "import", bad, "--county", "18", "--year", "2022");
        Assert.Equal(2, exit);
        Assert.Contains("begaran.csv:3: field 'counterpart_code': Stockholm (0180) is not in Örebro län; shares can only be redistributed within the county.", err, StringComparison.Ordinal);
        Assert.Null(await host.Get<IShareStore>().GetRequestsAsync(2022, "18", default));
    }
}
