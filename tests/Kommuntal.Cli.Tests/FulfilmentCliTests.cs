using System.Text.Json;
using Kommuntal.Testing;

namespace Kommuntal.Cli.Tests;

/// <summary><c>kommuntal fulfilment import|report</c> (issue 19) against Azurite.</summary>
public class FulfilmentCliTests
{
    private static async Task<(int Exit, string Out, string Err)> Run(TestHost host, params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var exit = await KommuntalCli.RunAsync(args, o, e, host.Settings);
        return (exit, o.ToString(), e.ToString());
    }

    private static string PathOf(string name) => Samples.Path("tests", "data", "fulfilment", name);

    [Fact]
    public async Task Import_both_dialects_then_report_the_whole_year_as_the_issue_s_JSON()
    {
        await using var host = new TestHost();
        var (exit, output, err) = await Run(host, "fulfilment", "import", PathOf("anvisningar-2022-orebro-lan.csv"), "--year", "2022");
        Assert.True(exit == 0, err);
        Assert.StartsWith("Stored: fulfilment 2022 whole year version 1 (11 municipalities, received 177;", output);
        (exit, output, err) = await Run(host, "fulfilment", "import", PathOf("anvisningar-2022-06-orebro-lan-cp1252.csv"), "--year", "2022", "--period", "2022-06", "--json");
        Assert.True(exit == 0, err);
        using (var doc = JsonDocument.Parse(output))
            Assert.Equal(("2022-06", 83, true), (doc.RootElement.GetProperty("period").GetString(), doc.RootElement.GetProperty("received").GetInt32(), doc.RootElement.GetProperty("created").GetBoolean()));

        (exit, output, err) = await Run(host, "fulfilment", "report", "--year", "2022", "--json");
        Assert.True(exit == 0, err);
        var expected = "{\"year\":2022,\"kommuntal\":201,\"received\":177,\"counties\":[{\"code\":\"18\",\"kommuntal\":201,\"received\":177}],\"municipalities\":["
            + "{\"code\":\"1814\",\"kommuntal\":15,\"received\":15,\"source\":\"file\"},{\"code\":\"1860\",\"kommuntal\":25,\"received\":18,\"source\":\"file\"},"
            + "{\"code\":\"1861\",\"kommuntal\":8,\"received\":8,\"source\":\"file\"},{\"code\":\"1862\",\"kommuntal\":0,\"received\":0,\"source\":\"file\"},"
            + "{\"code\":\"1863\",\"kommuntal\":0,\"received\":1,\"source\":\"file\"},{\"code\":\"1864\",\"kommuntal\":0,\"received\":0,\"source\":\"file\"},"
            + "{\"code\":\"1880\",\"kommuntal\":91,\"received\":84,\"source\":\"file\"},{\"code\":\"1881\",\"kommuntal\":12,\"received\":12,\"source\":\"file\"},"
            + "{\"code\":\"1882\",\"kommuntal\":14,\"received\":12,\"source\":\"file\"},{\"code\":\"1883\",\"kommuntal\":22,\"received\":15,\"source\":\"file\"},"
            + "{\"code\":\"1884\",\"kommuntal\":6,\"received\":6,\"source\":\"file\"},{\"code\":\"1885\",\"kommuntal\":8,\"received\":6,\"source\":\"file\"}]}";
        Assert.Equal(expected, output.Trim());

        (exit, output, _) = await Run(host, "fulfilment", "report", "--year", "2022", "--county", "18");
        Assert.Equal(0, exit);
        Assert.Contains("Ljusnarsberg (not in file)", output);
        Assert.Contains("whole year", output);
    }

    [Fact]
    public async Task A_bad_file_is_exit_2_naming_file_line_and_field_and_a_year_without_statistics_is_refused()
    {
        await using var host = new TestHost();
        var (exit, _, err) = await Run(host, "fulfilment", "import", PathOf("anvisningar-2022-06-orebro-lan-cp1252.csv"), "--year", "2022", "--period", "2022-07");
        Assert.Equal(2, exit);
        Assert.Contains("anvisningar-2022-06-orebro-lan-cp1252.csv:3: field 'period':", err);
        (exit, _, err) = await Run(host, "fulfilment", "report", "--year", "2022");
        Assert.NotEqual(0, exit);
        Assert.Contains("No assignment statistics are imported for 2022", err);
    }
}

/// <summary>Carry-over (issue 19): off by default; when on, year Y's unfulfilled places beside year Y+1's proposal.</summary>
public class FulfilmentCarryOverCliTests
{
    private static async Task<(int Exit, string Out, string Err)> Run(TestHost host, params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var exit = await KommuntalCli.RunAsync(args, o, e, host.Settings);
        return (exit, o.ToString(), e.ToString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_next_year_s_proposal_shows_the_unfulfilled_places_only_when_the_policy_is_on(bool on)
    {
        await using var host = new TestHost(on ? new Dictionary<string, string?> { ["Kommuntal:Fulfilment:ShowCarryOver"] = "true" } : null);
        // Test variant: the whole-year statistics file stored as the year 2021, so that the 2022 proposal (the real 2022 quota) has a year before it.
        var (exit, _, err) = await Run(host, "fulfilment", "import", Samples.Path("tests", "data", "fulfilment", "anvisningar-2022-orebro-lan.csv"), "--year", "2021");
        Assert.True(exit == 0, err);
        (exit, _, err) = await Run(host, "quota", "import", Samples.Path("samples", "2022", "lanstal-2022.csv"), "--year", "2022");
        Assert.True(exit == 0, err);
        (exit, var output, err) = await Run(host, "proposal", "--year", "2022", "--county", "18");
        Assert.True(exit == 0, err);
        var proposalTotal = output.Split('\n').Single(l => l.Contains("Totalt (länstal)", StringComparison.Ordinal));
        Assert.EndsWith("202", proposalTotal.TrimEnd()); // the model's numbers are the same either way
        if (!on)
        {
            Assert.DoesNotContain("Information (not part of the model)", output);
            return;
        }
        // Remaining > 0 by the file's own numbers: Laxå 7, Örebro 7, Askersund 2, Karlskoga 7, Lindesberg 2 (Hällefors received more; Ljusnarsberg not in the file).
        Assert.Contains("Information (not part of the model): places not filled in 2021, 25 in all:", output);
        foreach (var line in new[] { "1860  Laxå                        7", "1880  Örebro                      7", "1883  Karlskoga                   7" })
            Assert.Contains(line, output);
    }
}
