using CsCheck;
using Kommuntal.Core.Fulfilment;
using Kommuntal.Core.Reference;
using Kommuntal.Testing;

namespace Kommuntal.Core.Tests.Fulfilment;

public class FulfilmentReportTests
{
    private static readonly ReferenceData Reference = ReferenceData.Bundled;

    [Fact]
    public void A_whole_year_report_from_the_file_alone_has_exact_sums_and_lists_the_missing_municipality()
    {
        var file = new FulfilmentFileParser(Reference).Read(FulfilmentSamples.WholeYearCsv, 2022, null);
        var report = FulfilmentReportBuilder.Build(Reference, 2022, null, file.Rows, new Dictionary<string, int>());
        var county = Assert.Single(report.Counties);
        Assert.Equal("18", county.Code);
        Assert.Equal(12, county.Municipalities.Count);
        Assert.Equal((201, 177), (report.Kommuntal, report.Received));
        Assert.Equal((201, 177), (county.Kommuntal, county.Received));
        Assert.Equal(24, report.Remaining);
        Assert.Equal(88.1m, report.SharePercent); // 177 / 201
        var missing = county.Municipalities.Single(m => m.Code == "1864");
        Assert.True(missing.MissingFromFile);
        Assert.Equal((0, 0, KommuntalSource.File), (missing.Kommuntal, missing.Received, missing.Source));
        Assert.All(county.Municipalities, m => Assert.Equal(KommuntalSource.File, m.Source));
    }

    [Fact]
    public void A_whole_year_report_with_the_published_decision_takes_its_numbers_and_sums_exactly()
    {
        var file = new FulfilmentFileParser(Reference).Read(FulfilmentSamples.WholeYearCsv, 2022, null);
        var report = FulfilmentReportBuilder.Build(Reference, 2022, null, file.Rows, FulfilmentSamples.DecidedOrebro2022);
        Assert.Equal((202, 177), (report.Kommuntal, report.Received)); // the decided 202 (SFS 2021:870 länstal)
        var county = Assert.Single(report.Counties);
        Assert.Equal((202, 177), (county.Kommuntal, county.Received));
        Assert.Equal(202, county.Municipalities.Sum(m => m.Kommuntal));
        Assert.Equal(177, county.Municipalities.Sum(m => m.Received));
        var ljusnarsberg = county.Municipalities.Single(m => m.Code == "1864");
        Assert.Equal((1, 0, KommuntalSource.Decision, true, 1), (ljusnarsberg.Kommuntal, ljusnarsberg.Received, ljusnarsberg.Source, ljusnarsberg.MissingFromFile, ljusnarsberg.Remaining));
        var orebro = county.Municipalities.Single(m => m.Code == "1880");
        Assert.Equal((91, 84, 7, 92.3m, 91m, -7m), (orebro.Kommuntal, orebro.Received, orebro.Remaining, orebro.SharePercent, orebro.Expected, orebro.AgainstExpected));
        var hallefors = county.Municipalities.Single(m => m.Code == "1863");
        Assert.Equal((0, 1, -1, (decimal?)null), (hallefors.Kommuntal, hallefors.Received, hallefors.Remaining, hallefors.SharePercent));
    }

    [Fact]
    public void A_period_report_is_measured_against_the_pro_rata_expectation()
    {
        var file = new FulfilmentFileParser(Reference).Read(FulfilmentSamples.JuneCp1252Csv, 2022, null);
        var report = FulfilmentReportBuilder.Build(Reference, 2022, file.Period, file.Rows, new Dictionary<string, int>());
        Assert.Equal(6, report.Months);
        Assert.Equal(101m, report.Expected); // 202 × 6 / 12
        Assert.Equal(-18m, report.AgainstExpected); // 83 − 101
        var orebro = report.Municipalities.Single(m => m.Code == "1880"); // 40 of 45.5
        Assert.Equal(45.5m, orebro.Expected);
        Assert.False(orebro.IsBehind(20));
        Assert.True(orebro.IsBehind(10));
        var behind = report.Municipalities.Where(m => m.IsBehind(20)).Select(m => m.Code).ToList();
        Assert.Equal(["1860", "1861", "1864", "1883"], behind.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void County_sums_are_the_sums_of_their_municipalities_and_the_nation_the_sum_of_its_counties()
    {
        var gen =
            from rows in Gen.Int[0, Reference.Municipalities.Count - 1].Select(Gen.Int[0, 2000], Gen.Int[0, 3000]).Array[0, 120]
            from decided in Gen.Int[0, Reference.Municipalities.Count - 1].Select(Gen.Int[0, 2000]).Array[0, 60]
            from month in Gen.Int[0, 12]
            select (rows, decided, month);
        gen.Sample(t =>
        {
            var fileRows = t.rows.DistinctBy(r => r.Item1).Select(r => new FulfilmentRow(Reference.Municipalities[r.Item1].Code, r.Item2, r.Item3)).ToList();
            var decided = t.decided.DistinctBy(d => d.Item1).ToDictionary(d => Reference.Municipalities[d.Item1].Code, d => d.Item2);
            var period = t.month == 0 ? null : $"2022-{t.month:D2}";
            var report = FulfilmentReportBuilder.Build(Reference, 2022, period, fileRows, decided);
            foreach (var c in report.Counties)
            {
                Assert.Equal(c.Municipalities.Sum(m => m.Kommuntal), c.Kommuntal);
                Assert.Equal(c.Municipalities.Sum(m => m.Received), c.Received);
                Assert.Equal(c.Municipalities.Sum(m => m.Remaining), c.Remaining);
                Assert.Equal(c.Municipalities.Sum(m => m.ExpectedTwelfths), c.ExpectedTwelfths);
                Assert.Equal(Reference.MunicipalitiesIn(c.Code).Count, c.Municipalities.Count);
            }
            Assert.Equal(report.Counties.Sum(c => c.Kommuntal), report.Kommuntal);
            Assert.Equal(report.Counties.Sum(c => c.Received), report.Received);
            Assert.Equal(report.Counties.Sum(c => c.ExpectedTwelfths), report.ExpectedTwelfths);
            Assert.Equal(fileRows.Sum(r => r.Received), report.Received);
            foreach (var m in report.Municipalities)
                Assert.Equal(decided.TryGetValue(m.Code, out var d) ? d : fileRows.SingleOrDefault(r => r.MunicipalityCode == m.Code)?.Kommuntal ?? 0, m.Kommuntal);
        });
    }
}
