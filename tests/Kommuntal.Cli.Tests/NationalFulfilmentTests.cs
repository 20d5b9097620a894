using System.Text;
using System.Text.Json;
using Kommuntal.Application.Ports;
using Kommuntal.Application.Services;
using Kommuntal.Core.Fulfilment;
using Kommuntal.Core.Ingestion;
using Kommuntal.Core.Reference;
using Kommuntal.Testing;

namespace Kommuntal.Cli.Tests;

/// <summary>
/// Issue 19's "done when" for the whole country: the bundled 2022 run publishes all 21 decisions
/// (7 500 nationally), a whole-year statistics file in Migrationsverket's layout for all 290
/// municipalities is imported, and the report's nation, county and municipality sums are exact
/// (Azurite, the real import and report services, and the command line's <c>--json</c>).
/// </summary>
public class NationalFulfilmentTests
{
    /// <summary>
    /// The received figures of the test file: a TEST VARIANT by a stated rule, not Migrationsverket's
    /// figures: received = max(0, kommuntal − (municipality code mod 4)).
    /// </summary>
    private static int TestReceived(string code, int kommuntal) => Math.Max(0, kommuntal - int.Parse(code, System.Globalization.CultureInfo.InvariantCulture) % 4);

    /// <summary>Migrationsverket's layout (Län;Kommun;Kommuntal;Mottagna, names, not codes), the kommuntal column the system's decided numbers.</summary>
    private static InputFile NationalFile(ReferenceData reference, IReadOnlyDictionary<string, int> decided)
    {
        var text = new StringBuilder()
            .Append("# TEST VARIANT (not Migrationsverket's figures): layout of Migrationsverket's statistics 'Anvisningar enligt kommuntalen' for the whole country; ")
            .Append("Kommuntal = the decisions the system published in the bundled 2022 run; Mottagna = max(0, Kommuntal - (kommunkod mod 4)), a rule made up for this test.\r\n")
            .Append("Anvisningar enligt kommuntalen 2022\r\n")
            .Append("Län;Kommun;Kommuntal;Mottagna\r\n");
        foreach (var m in reference.Municipalities.OrderBy(m => m.Code, StringComparer.Ordinal))
            text.Append(reference.County(m.CountyCode).Name).Append(';').Append(m.Name).Append(';').Append(decided[m.Code]).Append(';').Append(TestReceived(m.Code, decided[m.Code])).Append("\r\n");
        return new InputFile("anvisningar-2022-hela-landet-testvariant.csv", [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())]);
    }

    [Fact]
    public async Task The_whole_year_2022_for_the_whole_country_has_exact_nation_county_and_municipality_sums()
    {
        await using var host = new TestHost();
        var run = await host.Get<DemoRunService>().RunAsync(2022, "test", default);
        Assert.Equal(21, run.Counties.Count);

        // The kommuntal column: what the system published, read from the store (not from the report under test).
        var reference = host.Get<ReferenceData>();
        var published = await host.Get<ICountyYearStore>().ListPublishedAsync(2022, default);
        Assert.Equal(21, published.Select(p => p.CountyCode).Distinct().Count());
        var decided = published.SelectMany(p => p.Decision.Numbers).ToDictionary(n => n.MunicipalityCode, n => n.Kommuntal, StringComparer.Ordinal);
        Assert.Equal(290, decided.Count);
        Assert.Equal(7500, decided.Values.Sum());

        var service = host.Get<FulfilmentService>();
        var imported = await service.ImportAsync(NationalFile(reference, decided), 2022, null, "samordnaren", default);
        Assert.Equal((1, true, null, 290), (imported.Version.Version, imported.Created, imported.Version.Period, imported.Version.Rows.Count));

        var report = await service.ReportAsync(2022, null, default);
        var received = decided.ToDictionary(d => d.Key, d => TestReceived(d.Key, d.Value), StringComparer.Ordinal);
        var expectedReceived = received.Values.Sum();
        Assert.True(expectedReceived is > 0 and < 7500);

        // Nation = sum of counties = sum of municipalities, for kommuntal and received.
        Assert.Equal((7500, expectedReceived), (report.Kommuntal, report.Received));
        Assert.Equal((report.Kommuntal, report.Received), (report.Counties.Sum(c => c.Kommuntal), report.Counties.Sum(c => c.Received)));
        Assert.Equal((report.Kommuntal, report.Received), (report.Municipalities.Sum(m => m.Kommuntal), report.Municipalities.Sum(m => m.Received)));
        Assert.Equal(7500 - expectedReceived, report.Remaining);
        Assert.Null(report.Period);
        Assert.Equal(12, report.Months);

        // Each county: its kommuntal is its länstal, and its sums are those of its municipalities.
        var lanstal = run.Counties.ToDictionary(c => c.County.Code, c => c.Lanstal, StringComparer.Ordinal);
        Assert.Equal(21, report.Counties.Count);
        foreach (var county in report.Counties)
        {
            Assert.Equal(lanstal[county.Code], county.Kommuntal);
            Assert.Equal(reference.MunicipalitiesIn(county.Code).Count, county.Municipalities.Count);
            Assert.Equal((county.Kommuntal, county.Received), (county.Municipalities.Sum(m => m.Kommuntal), county.Municipalities.Sum(m => m.Received)));
        }
        Assert.Equal(202, report.Counties.Single(c => c.Code == "18").Kommuntal); // Örebro län 2022 (SFS 2021:870)

        // Each municipality: the file's numbers, the kommuntal from the published decision.
        Assert.Equal(290, report.Municipalities.Count());
        Assert.All(report.Municipalities, m =>
        {
            Assert.Equal((decided[m.Code], received[m.Code], KommuntalSource.Decision, false), (m.Kommuntal, m.Received, m.Source, m.MissingFromFile));
        });

        // The command line's --json is the same report, "decision" everywhere.
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await KommuntalCli.RunAsync(["fulfilment", "report", "--year", "2022", "--json"], output, error, host.Settings);
        Assert.True(exit == 0, error.ToString());
        using var doc = JsonDocument.Parse(output.ToString());
        var root = doc.RootElement;
        Assert.Equal((2022, 7500, expectedReceived), (root.GetProperty("year").GetInt32(), root.GetProperty("kommuntal").GetInt32(), root.GetProperty("received").GetInt32()));
        var counties = root.GetProperty("counties").EnumerateArray().ToList();
        Assert.Equal(21, counties.Count);
        Assert.All(counties, c => Assert.Equal(lanstal[c.GetProperty("code").GetString()!], c.GetProperty("kommuntal").GetInt32()));
        Assert.Equal(expectedReceived, counties.Sum(c => c.GetProperty("received").GetInt32()));
        var municipalities = root.GetProperty("municipalities").EnumerateArray().ToList();
        Assert.Equal(290, municipalities.Count);
        Assert.All(municipalities, m =>
        {
            var code = m.GetProperty("code").GetString()!;
            Assert.Equal((decided[code], received[code], "decision"), (m.GetProperty("kommuntal").GetInt32(), m.GetProperty("received").GetInt32(), m.GetProperty("source").GetString()));
        });
    }
}
