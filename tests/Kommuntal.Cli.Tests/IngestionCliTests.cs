using System.Text;
using System.Text.Json;
using Kommuntal.Application.Ports;
using Kommuntal.Testing;

namespace Kommuntal.Cli.Tests;

public class IngestionCliTests
{
    private static async Task<(int Exit, string Out, string Err)> Run(TestHost host, params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var exit = await KommuntalCli.RunAsync(args, o, e, host.Settings);
        return (exit, o.ToString(), e.ToString());
    }

    private static string PathOf(string name) => name switch
    {
        "lanstal-2022.csv" or "lanstal-2022-sfs-bilaga.txt" => Samples.Path("samples", "2022", name),
        _ => Samples.Path("tests", "data", "quotas", "good", name),
    };

    private static IReadOnlyList<(string Code, int Lanstal)> Counties(string jsonLine)
    {
        using var doc = JsonDocument.Parse(jsonLine);
        return doc.RootElement.GetProperty("counties").EnumerateArray().Select(c => (c.GetProperty("code").GetString()!, c.GetProperty("lanstal").GetInt32())).ToList();
    }

    [Fact]
    public async Task All_four_formats_of_the_2022_quota_import_identically_from_the_command_line()
    {
        await using var host = new TestHost();
        foreach (var file in IngestionSamples.Quota2022FourFormats)
        {
            var (exit, output, err) = await Run(host, "quota", "import", PathOf(file.Name), "--year", "2022", "--json");
            Assert.True(exit == 0, $"{file.Name}: {err}");
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.StartsWith("Stored: quota 2022 version", lines[0]);
            Assert.Equal(IngestionSamples.Expected2022, Counties(lines[^1]));
        }
        Assert.Equal(4, (await host.Get<IQuotaStore>().ListAsync(2022, default)).Count);

        var (_, again, _) = await Run(host, "quota", "import", PathOf("lanstal-2022.json"));
        Assert.StartsWith("Already stored: quota 2022 version 4", again);
    }

    [Fact]
    public async Task Validate_json_prints_the_year_the_annex_states_and_every_county_with_its_name()
    {
        await using var host = new TestHost();
        var (exit, output, err) = await Run(host, "quota", "validate", PathOf("lanstal-2022-sfs-bilaga.txt"), "--json");
        Assert.True(exit == 0, err);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(2022, doc.RootElement.GetProperty("year").GetInt32());
        Assert.Equal(7500, doc.RootElement.GetProperty("total").GetInt32());
        var first = doc.RootElement.GetProperty("counties")[0];
        Assert.Equal(("01", "Stockholms län", 1795), (first.GetProperty("code").GetString(), first.GetProperty("name").GetString(), first.GetProperty("lanstal").GetInt32()));
        Assert.Null(await host.Get<IQuotaStore>().GetCurrentAsync(2022, default));
    }

    [Fact]
    public async Task A_year_option_that_contradicts_the_file_is_exit_2()
    {
        await using var host = new TestHost();
        var (exit, _, err) = await Run(host, "quota", "import", PathOf("lanstal-2022.xlsx"), "--year", "2023");
        Assert.Equal(2, exit);
        Assert.Contains("lanstal-2022.xlsx:1: field 'year': The file states the year 2022 but 2023 was requested", err);
        Assert.Null(await host.Get<IQuotaStore>().GetCurrentAsync(2023, default));
    }

    [Fact]
    public async Task A_2_MB_file_is_refused_before_it_is_read()
    {
        await using var host = new TestHost();
        var path = Path.Combine(Path.GetTempPath(), "kommuntal-cli-tests", host.Prefix, "stor.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var sb = new StringBuilder("# test file: samples/2022/lanstal-2022.csv padded with note lines to 2 MB\n").Append(File.ReadAllText(Samples.Path("samples", "2022", "lanstal-2022.csv")));
        while (sb.Length < 2 * 1024 * 1024) sb.Append("# padding\n");
        await File.WriteAllTextAsync(path, sb.ToString());
        var (exit, _, err) = await Run(host, "quota", "import", path, "--year", "2022");
        Assert.Equal(2, exit);
        Assert.Contains("[file-too-large]", err);
        Assert.Contains("nothing was stored", err);
    }

    [Fact]
    public async Task Indicators_import_stores_a_version_once()
    {
        await using var host = new TestHost();
        var path = Samples.Path("tests", "data", "indicators", "good", "population-2021.csv");
        var (exit, output, err) = await Run(host, "indicators", "import", path, "--year", "2022");
        Assert.True(exit == 0, err);
        Assert.StartsWith("Stored: indicators 2022 version 1", output);
        Assert.Contains("Valid: 290 municipalities, year 2022, columns population.", output);
        (_, output, _) = await Run(host, "indicators", "import", path, "--year", "2022");
        Assert.StartsWith("Already stored: indicators 2022 version 1", output);
    }

    [Fact]
    public async Task Indicators_without_a_year_are_rejected_with_exit_2()
    {
        await using var host = new TestHost();
        var (exit, _, err) = await Run(host, "indicators", "validate", Samples.Path("tests", "data", "indicators", "good", "population-2021.csv"));
        Assert.Equal(2, exit);
        Assert.Contains("[year-missing]", err);
    }

    [Fact]
    public async Task Wishes_import_records_the_wishes_and_a_bad_file_lists_every_problem_on_stderr()
    {
        await using var host = new TestHost();
        var (exit, output, err) = await Run(host, "wishes", "import", Samples.Path("tests", "data", "wishes", "good", "wishes-2022-18.xlsx"), "--year", "2022", "--county", "18");
        Assert.True(exit == 0, err);
        Assert.Contains("Stored: wishes 2022-18 version 1", output);
        Assert.Contains("recorded for the next proposal", output);
        Assert.Contains("1880 Örebro: agreement 91", output);
        Assert.Equal(3, (await host.Get<ICountyYearStore>().LoadAsync(2022, "18", default)).State.Wishes.Count);

        var bad = Path.Combine(Path.GetTempPath(), "kommuntal-cli-tests", host.Prefix, "onskemal.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(bad)!);
        await File.WriteAllTextAsync(bad, "# test file: two problems (municipalities from samples/2022/kommuntal-orebro-2022.csv)\nmunicipality_code,kind,number,reason\n1880,kanske,10,Testvariant\n0180,volunteer,5,Testvariant\n");
        (exit, _, err) = await Run(host, "wishes", "validate", bad, "--year", "2022", "--county", "18");
        Assert.Equal(2, exit);
        Assert.Contains("onskemal.csv:3: field 'kind': Unknown kind 'kanske'", err);
        Assert.Contains("onskemal.csv:4: field 'municipality_code': Stockholm (0180) is not in Örebro län.", err);
        Assert.Contains("Rejected: 2 problem(s)", err);
    }
}
