using System.Diagnostics;
using CsCheck;
using Kommuntal.Core.Ingestion;
using Kommuntal.Core.Quotas;
using Kommuntal.Core.Reference;
using Xunit.Abstractions;

namespace Kommuntal.Core.Tests.Ingestion;

/// <summary>
/// Mutated quota, indicator and wish files (text, JSON and .xlsx) end in a result or in a
/// validation error naming each problem, never in any other exception. 2 000 cases per kind;
/// KOMMUNTAL_FUZZ_CASES=100000 for the long run, KOMMUNTAL_FUZZ_SEED to replay a printed seed.
/// </summary>
public class FuzzParserTests(ITestOutputHelper output)
{
    private const long NormalCases = 2000;

    private void Run(FuzzKind kind, Func<InputFile, object?> parse)
    {
        var stats = new FuzzStats();
        var clock = Stopwatch.StartNew();
        var cases = FuzzInputs.Cases(NormalCases);
        FuzzInputs.Gen(kind).Sample(c => { FuzzInputs.Check(c, parse, stats); }, seed: FuzzInputs.Seed, iter: cases);
        output.WriteLine($"fuzz {kind}: {stats} ({clock.Elapsed.TotalSeconds:F1} s)");
        Assert.Equal(cases, stats.Valid + stats.Rejected);
        // The mutations must reach both ends: some files stay valid, most are rejected.
        Assert.True(stats.Valid > 0, $"no mutated {kind} file was valid");
        Assert.True(stats.Rejected > cases / 4, $"only {stats.Rejected} mutated {kind} files were rejected");
    }

    [Fact]
    public void Fuzz_quota_files_parse_or_name_their_problems()
    {
        var parser = new QuotaParser(ReferenceData.Bundled);
        Run(FuzzKind.Quota, f =>
        {
            var q = parser.Read(f, 2022).Quota;
            Assert.Equal(21, q.Counties.Count);
            Assert.Equal(q.Total, q.Counties.Sum(c => (long)c.Lanstal));
            return q;
        });
    }

    [Fact]
    public void Fuzz_indicator_files_parse_or_name_their_problems()
    {
        var parser = new IndicatorFileParser(ReferenceData.Bundled);
        Run(FuzzKind.Indicators, f =>
        {
            var read = parser.Read(f, 2022);
            Assert.Equal(290, read.Indicators.Rows.Count);
            Assert.Equal(2022, read.Indicators.Year);
            return read;
        });
    }

    [Fact]
    public void Fuzz_wish_files_parse_or_name_their_problems()
    {
        var parser = new DeviationFileParser(ReferenceData.Bundled);
        Run(FuzzKind.Wishes, f =>
        {
            var read = parser.Read(f, 2022, "18");
            Assert.Equal(("18", 2022), (read.CountyCode, read.Year));
            Assert.All(read.Deviations, d => Assert.True(d.Number >= 0));
            return read;
        });
    }
}
