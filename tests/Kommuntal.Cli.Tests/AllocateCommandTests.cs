using System.Text.Json;
using Kommuntal.Testing;

namespace Kommuntal.Cli.Tests;

/// <summary><c>kommuntal allocate</c>: pure, no storage; files from tests/data/allocation (real data, see their source lines).</summary>
public class AllocateCommandTests
{
    private static readonly string Indicators = Samples.Path("tests", "data", "allocation", "indicators-orebro-2022.csv");
    private static readonly string Decided = Samples.Path("tests", "data", "allocation", "deviations-orebro-2022.csv");
    private static readonly string Parameters = Samples.Path("tests", "data", "allocation", "parameters-population-reception.json");

    private static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var exit = await KommuntalCli.RunAsync(["allocate", .. args], o, e);
        return (exit, o.ToString(), e.ToString());
    }

    private static string TempFile(string name, string content)
    {
        var dir = Path.Combine(Path.GetTempPath(), "kommuntal-allocate-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public async Task Prints_the_table_with_every_municipality_and_the_total()
    {
        var (exit, output, err) = await Run("--year", "2022", "--county", "18", "--lanstal", "202", "--indicators", Indicators);
        Assert.True(exit == 0, err);
        Assert.Contains("Kommuntal 2022, Örebro län (18): länstal 202", output);
        Assert.Contains("labour     weight 0.43 -> not used (uppgift saknas för länet / no data for the county)", output);
        Assert.Contains("self-settled netted: 324 in the county", output);
        // The worked example of KommuntalModelTests: Örebro 93.54 → 94, Hällefors floored at 0.
        Assert.Matches(@"1880  Örebro\s+93\.54\s+93\.54\s+94", output);
        Assert.Matches(@"1863  Hällefors\s+0\.00\s+0\.00\s+0  model value negative, floored at 0", output);
        Assert.Matches(@"Total \(länstal\)\s+202\.00\s+202\.00\s+202", output);
    }

    [Fact]
    public async Task Json_has_exactly_the_documented_shape_with_an_explanation_per_municipality()
    {
        var (exit, output, err) = await Run("--year", "2022", "--county", "Örebro län", "--lanstal", "202", "--indicators", Indicators, "--json");
        Assert.True(exit == 0, err);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal(["year", "county", "lanstal", "method", "municipalities"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(2022, root.GetProperty("year").GetInt32());
        Assert.Equal("18", root.GetProperty("county").GetString());
        Assert.Equal(202, root.GetProperty("lanstal").GetInt32());
        Assert.Equal("largest-remainder", root.GetProperty("method").GetString());
        var municipalities = root.GetProperty("municipalities").EnumerateArray().ToList();
        Assert.Equal(12, municipalities.Count);
        Assert.All(municipalities, m => Assert.Equal(["code", "name", "kommuntal", "explanation"], m.EnumerateObject().Select(p => p.Name)));
        Assert.Equal(202, municipalities.Sum(m => m.GetProperty("kommuntal").GetInt32()));
        var orebro = municipalities.Single(m => m.GetProperty("code").GetString() == "1880");
        Assert.Equal("Örebro", orebro.GetProperty("name").GetString());
        Assert.Equal(94, orebro.GetProperty("kommuntal").GetInt32());
        var explanation = orebro.GetProperty("explanation");
        Assert.Equal(94, explanation.GetProperty("final").GetInt32());
        Assert.StartsWith("Örebro: ", explanation.GetProperty("swedishText").GetString());
        Assert.True(explanation.GetProperty("contributions").TryGetProperty("population", out _));
        Assert.StartsWith("{\"year\":2022,\"county\":\"18\",\"lanstal\":202,\"method\":\"largest-remainder\",\"municipalities\":[{\"code\":\"1814\",\"name\":\"Lekeberg\",\"kommuntal\":10,\"explanation\":{", output);
    }

    [Fact]
    public async Task The_decided_2022_numbers_as_agreements_come_out_unchanged()
    {
        var (exit, output, err) = await Run("--year", "2022", "--county", "18", "--lanstal", "202", "--indicators", Indicators, "--deviations", Decided, "--json");
        Assert.True(exit == 0, err);
        using var doc = JsonDocument.Parse(output);
        var numbers = doc.RootElement.GetProperty("municipalities").EnumerateArray()
            .ToDictionary(m => m.GetProperty("name").GetString()!, m => m.GetProperty("kommuntal").GetInt32());
        Assert.Equal(new Dictionary<string, int>
        {
            ["Askersund"] = 14, ["Degerfors"] = 0, ["Hallsberg"] = 8, ["Hällefors"] = 0, ["Karlskoga"] = 22, ["Kumla"] = 12,
            ["Laxå"] = 25, ["Lekeberg"] = 15, ["Lindesberg"] = 8, ["Ljusnarsberg"] = 1, ["Nora"] = 6, ["Örebro"] = 91,
        }, numbers);
    }

    [Fact]
    public async Task A_parameter_file_and_a_method_option_are_applied()
    {
        var (exit, output, err) = await Run("--year", "2022", "--county", "18", "--lanstal", "202", "--indicators", Indicators,
            "--parameters", Parameters, "--method", "dhondt");
        Assert.True(exit == 0, err);
        Assert.Contains("Model example-population-reception-1 (engine 2), rounding dhondt", output);
        Assert.Contains("population weight 0.65 -> applied 0.65", output);
        Assert.Contains("self-settled not netted (off)", output);
        // D'Hondt on population + reception gives Örebro more than the ceiling of its quota (see ApportionmentTests).
        Assert.Matches(@"1880  Örebro\s+108\.\d\d\s+108\.\d\d\s+11\d", output);
    }

    [Theory]
    [InlineData(new[] { "--year", "2022", "--county", "99", "--lanstal", "202" }, "kommuntal allocate: field '--county': Unknown county '99'. [unknown-county]")]
    [InlineData(new[] { "--year", "2022", "--county", "18", "--lanstal", "tvåhundra" }, "kommuntal allocate: field '--lanstal': --lanstal 'tvåhundra' is not an integer from 0 to 1000000. [invalid-number]")]
    [InlineData(new[] { "--county", "18", "--lanstal", "202" }, "kommuntal allocate: field '--year': --year is required. [missing-option]")]
    [InlineData(new[] { "--year", "2022", "--county", "18", "--lanstal", "202", "--method", "hare" }, "kommuntal allocate: field '--method': Unknown rounding method 'hare' (allowed: largest-remainder, sainte-lague, dhondt). [unknown-method]")]
    public async Task Bad_options_exit_2_naming_the_option(string[] args, string expected)
    {
        var (exit, _, err) = await Run([.. args, "--indicators", Indicators]);
        Assert.Equal(2, exit);
        Assert.Contains(expected, err);
    }

    [Fact]
    public async Task A_missing_file_and_a_bad_indicator_file_exit_2_naming_the_problem()
    {
        var (exit, _, err) = await Run("--year", "2022", "--county", "18", "--lanstal", "202", "--indicators", "/nonexistent/indicators.csv");
        Assert.Equal(2, exit);
        Assert.Contains("indicators.csv: The file /nonexistent/indicators.csv does not exist. [file-not-found]", err);

        var lines = File.ReadAllLines(Indicators).Select(l => l.StartsWith("1862,", StringComparison.Ordinal) ? "1862,,63,25" : l);
        var partial = TempFile("indicators.csv", string.Join("\n", lines));
        (exit, _, err) = await Run("--year", "2022", "--county", "18", "--lanstal", "202", "--indicators", partial);
        Assert.Equal(2, exit);
        Assert.Contains("field 'population': population is given for 11 of 12 municipalities in Örebro län but missing for Degerfors (1862).", err);
    }

    [Fact]
    public async Task Infeasible_deviations_exit_2_in_English_and_Swedish()
    {
        // The decided agreements sum to 202; with a länstal of 150 they cannot all hold.
        var (exit, _, err) = await Run("--year", "2022", "--county", "18", "--lanstal", "150", "--indicators", Indicators, "--deviations", Decided);
        Assert.Equal(2, exit);
        Assert.Contains("Infeasible deviations: The agreements sum to 202 but the länstal of Örebro län is 150: Lekeberg (1814) 15, Laxå (1860) 25,", err);
        Assert.Contains("Avvikelserna går inte att förena: Överenskommelserna summerar till 202 men länstalet för Örebro län är 150:", err);

        var conflicting = TempFile("deviations.csv", "municipality_code,kind,number,reason\n1880,agreement,91,Samråd\n1880,housing,80,Bostadsbrist\n");
        (exit, _, err) = await Run("--year", "2022", "--county", "18", "--lanstal", "202", "--indicators", Indicators, "--deviations", conflicting);
        Assert.Equal(2, exit);
        Assert.Contains("Örebro (1880): the agreement of 91 is above the housing maximum of 80.", err);
    }
}
