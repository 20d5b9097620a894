using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Kommuntal.Application.Services;
using Kommuntal.Core.Ingestion;
using Kommuntal.Core.Validation;
using Kommuntal.Testing;

namespace Kommuntal.Infrastructure.Tests.Ingestion;

/// <summary>
/// The bad-file corpus (tests/data/bad-files.csv): every file goes through the same application
/// service as HTTP, the inbox and the CLI, against Azurite, and must be rejected with its expected
/// problem (code, line or cell, field, message in English and Swedish) with nothing stored.
/// </summary>
public class IngestionCorpusTests
{
    public sealed record Case(string File, string Kind, int? Year, string? County, string Code, int? Line, string? Cell, string? Field, string Message);

    public static IReadOnlyList<Case> Manifest { get; } = ReadManifest();

    private static List<Case> ReadManifest()
    {
        var text = string.Join('\n', File.ReadAllLines(Samples.Path("tests", "data", "bad-files.csv")).Where(l => !l.StartsWith('#')));
        using var csv = new CsvReader(new StringReader(text), new CsvConfiguration(CultureInfo.InvariantCulture));
        static string? S(string v) => v.Length == 0 ? null : v;
        static int? I(string v) => v.Length == 0 ? null : int.Parse(v, CultureInfo.InvariantCulture);
        var list = new List<Case>();
        csv.Read();
        csv.ReadHeader();
        while (csv.Read())
            list.Add(new Case(csv.GetField("file")!, csv.GetField("kind")!, I(csv.GetField("year")!), S(csv.GetField("county")!), csv.GetField("code")!,
                I(csv.GetField("line")!), S(csv.GetField("cell")!), S(csv.GetField("field")!), csv.GetField("message")!));
        return list;
    }

    public static TheoryData<string> Files => new(Manifest.Select(c => c.File));

    /// <summary>A corpus file's bytes; "generated:" ones are made here (too big, or derived from a committed workbook).</summary>
    public static InputFile Load(string file)
    {
        switch (file)
        {
            case "generated:too-large.csv":
            {
                var sb = new StringBuilder("# test file: samples/2022/lanstal-2022.csv padded with note lines to 2 MB, over the 1 MB limit\n");
                sb.Append(Encoding.UTF8.GetString(Samples.Quota2022Csv.Content));
                while (sb.Length < 2 * 1024 * 1024) sb.Append("# padding: this line only makes the file larger than the upload limit\n");
                return InputFile.FromText("too-large.csv", sb.ToString());
            }
            case "generated:truncated.xlsx":
            {
                var whole = Samples.File("tests", "data", "quotas", "good", "lanstal-2022.xlsx").Content;
                return new InputFile("truncated.xlsx", whole[..(whole.Length / 2)]);
            }
            default:
                return Samples.File(["tests", "data", .. file.Split('/')]);
        }
    }

    internal static Task ImportAsync(TestHost host, Case c, InputFile file) => c.Kind switch
    {
        "quota" => host.Get<QuotaImportService>().ImportAsync(file, c.Year, "corpus", default),
        "indicators" => host.Get<IndicatorImportService>().ImportAsync(file, c.Year, "corpus", default),
        "wishes" => host.Get<WishImportService>().ImportAsync(file, c.Year, c.County!, "corpus", default),
        _ => throw new InvalidOperationException($"Unknown kind {c.Kind} in bad-files.csv"),
    };

    [Theory]
    [MemberData(nameof(Files))]
    public async Task A_bad_file_is_rejected_with_its_expected_problem_and_nothing_is_stored(string file)
    {
        var c = Manifest.Single(x => x.File == file);
        await using var host = new TestHost();
        var input = Load(file);
        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() => ImportAsync(host, c, input));
        var all = string.Join("\n", ex.Problems);
        Assert.True(ex.Problems.Any(p => p.Code == c.Code && p.Line == c.Line && p.Cell == c.Cell && p.Field == c.Field && p.File == input.Name
                                         && p.MessageEn.Contains(c.Message, StringComparison.Ordinal)),
            $"Expected {c.Code} at line {c.Line?.ToString() ?? "-"} cell {c.Cell ?? "-"} field {c.Field ?? "-"} with \"{c.Message}\"; got:\n{all}");
        Assert.All(ex.Problems, p => Assert.False(string.IsNullOrWhiteSpace(p.MessageSv), $"{p.Code} has no Swedish message"));
        await StorageAssert.NothingStoredAsync(host);
    }

    [Fact]
    public void The_corpus_has_at_least_30_files_and_covers_every_rule()
    {
        Assert.True(Manifest.Count >= 30, $"{Manifest.Count} files");
        Assert.Equal(Manifest.Count, Manifest.Select(c => c.File + c.County).Distinct().Count());
        string[] rules =
        [
            "unknown-county", "duplicate-county", "missing-county", "unknown-municipality", "duplicate-municipality",
            "municipality-outside-county", "negative-number", "not-an-integer", "sum-mismatch", "year-out-of-range", "year-conflict",
            "year-missing", "empty-file", "wrong-encoding", "binary-content", "formula-cell", "file-too-large", "invalid-json", "invalid-xlsx",
        ];
        Assert.Empty(rules.Except(Manifest.Select(c => c.Code)));
        // The files the issue names: an Excel Windows-1252 CSV, a BOM file, a formula cell, a 2 MB file, an empty file, a typo, a total that disagrees.
        Assert.Contains(Manifest, c => c.File.Contains("1252"));
        Assert.Contains(Manifest, c => Load(c.File).Content.AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }));
        Assert.Contains(Manifest, c => c.Code == "formula-cell" && c.Cell is not null);
        Assert.Contains(Manifest, c => c.Code == "file-too-large" && Load(c.File).Content.Length >= 2 * 1024 * 1024);
        Assert.Contains(Manifest, c => c.Code == "empty-file" && Load(c.File).Content.Length == 0);
        Assert.Contains(Manifest, c => c.Message.Contains("Did you mean", StringComparison.Ordinal));
        Assert.Contains(Manifest, c => c.Code == "sum-mismatch");
        Assert.Equal(["indicators", "quota", "wishes"], Manifest.Select(c => c.Kind).Distinct().Order());
    }
}
