using Kommuntal.Core.Ingestion;
using Kommuntal.Core.Quotas;
using Kommuntal.Core.Reference;
using Kommuntal.Core.Validation;
using Kommuntal.Testing;

namespace Kommuntal.Core.Tests.Ingestion;

/// <summary>
/// The adversarial corpus (<see cref="AdversarialCorpus"/>) through the parsers: every file is
/// rejected with its named problem, at most 200 problems and one "and N more", and no message
/// echoes more than a short piece of the file. (How fast and how much memory: docs/benchmarks.md.)
/// </summary>
public class AdversarialParserTests
{
    public static TheoryData<string> Files => new(AdversarialCorpus.All.Select(c => c.File));

    internal static object Parse(string kind, InputFile file) => kind switch
    {
        "quota" => new QuotaParser(ReferenceData.Bundled).Read(file, AdversarialCorpus.Year),
        "indicators" => new IndicatorFileParser(ReferenceData.Bundled).Read(file, AdversarialCorpus.Year),
        "wishes" => new DeviationFileParser(ReferenceData.Bundled).Read(file, AdversarialCorpus.Year, AdversarialCorpus.County),
        _ => throw new ArgumentException(kind),
    };

    /// <summary>Every problem names the file, a code and both messages; none echoes a long piece of the file.</summary>
    internal static void AssertNamed(IReadOnlyList<ValidationProblem> problems, string fileName, string expectedCode)
    {
        var all = string.Join("\n", problems.Take(10));
        Assert.True(problems.Any(p => p.Code == expectedCode), $"{fileName}: expected {expectedCode}; got:\n{all}");
        Assert.InRange(problems.Count, 1, 200 + 1);
        Assert.All(problems, p =>
        {
            Assert.Equal(fileName, p.File);
            Assert.False(string.IsNullOrWhiteSpace(p.MessageSv), p.ToString());
            Assert.False(string.IsNullOrWhiteSpace(p.MessageEn), p.ToString());
            Assert.True(p.MessageEn.Length <= 500 && p.MessageSv.Length <= 500, $"a message of {p.MessageEn.Length} characters: {p.MessageEn[..Math.Min(200, p.MessageEn.Length)]}");
            Assert.True((p.Field?.Length ?? 0) <= 60, $"a field name of {p.Field?.Length} characters");
        });
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_corpus_file_is_rejected_with_its_named_problem(string name)
    {
        var c = AdversarialCorpus.All.Single(x => x.File == name);
        var file = AdversarialCorpus.Load(c);
        Assert.True(file.Content.Length <= IngestionRules.DefaultMaxFileBytes, $"{name} is {file.Content.Length} bytes, over the upload limit: it would not reach the parser");
        var ex = Assert.Throws<ValidationFailedException>(() => Parse(c.Kind, file));
        AssertNamed(ex.Problems, name, c.Code);
    }

    [Fact]
    public void The_corpus_has_at_least_20_files_and_every_kind_of_attack()
    {
        var all = AdversarialCorpus.All;
        Assert.True(all.Count >= 20, $"{all.Count} files");
        Assert.Equal(all.Count, all.Select(c => c.File).Distinct().Count());
        string[] codes =
        [
            "zip-entry-too-large", "zip-ratio-too-high", "zip-too-many-entries", "zip-overlapping-entries", "text-too-large", "cell-too-long",
            "xml-too-deep", "xml-name-too-long", "xml-dtd", "too-many-rows", "too-many-cells", "json-too-deep", "json-too-many-tokens",
            "line-too-long", "too-many-problems", "invalid-xlsx",
        ];
        Assert.Empty(codes.Except(all.Select(c => c.Code)));
        Assert.Equal(["indicators", "quota", "wishes"], all.Select(c => c.Kind).Distinct().Order());
        Assert.Contains(all, c => c.File.EndsWith(".ods", StringComparison.Ordinal));
    }

    [Fact]
    public void The_issues_file_is_small_and_its_shared_string_is_refused_from_the_declared_size_before_it_is_unpacked()
    {
        var c = AdversarialCorpus.All.Single(x => x.File == "shared-string-10m.xlsx");
        var file = AdversarialCorpus.Load(c);
        Assert.True(file.Content.Length < 40_000, $"{file.Content.Length} bytes");
        var p = Assert.Throws<ValidationFailedException>(() => Parse(c.Kind, file)).Problems.Single();
        Assert.Equal(("zip-entry-too-large", "shared-string-10m.xlsx"), (p.Code, p.File));
        Assert.Contains("xl/sharedStrings.xml", p.MessageEn, StringComparison.Ordinal);
        Assert.Contains("xl/sharedStrings.xml", p.MessageSv, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_with_thousands_of_problems_reports_200_and_then_how_many_more()
    {
        var c = AdversarialCorpus.All.Single(x => x.File == "thousands-of-problems.csv");
        var ex = Assert.Throws<ValidationFailedException>(() => Parse(c.Kind, AdversarialCorpus.Load(c)));
        Assert.Equal(201, ex.Problems.Count);
        Assert.All(ex.Problems.Take(200), p => Assert.Equal("unknown-municipality", p.Code));
        Assert.Contains("Did you mean", ex.Problems[0].MessageEn, StringComparison.Ordinal);
        var last = ex.Problems[^1];
        Assert.Equal("too-many-problems", last.Code);
        // Some 4 000 misspelt names and the municipalities missing from the file: all counted, 200 shown.
        var more = System.Text.RegularExpressions.Regex.Match(last.MessageEn, @"^… and (\d+) more problems \(the first 200 are shown\)\. Correct them and upload the file again\.$");
        Assert.True(more.Success, last.MessageEn);
        Assert.InRange(int.Parse(more.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 3_800, 4_300);
        Assert.StartsWith($"… och {more.Groups[1].Value} problem till", last.MessageSv, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_cell_is_a_problem_on_its_cell_and_its_value_is_not_echoed()
    {
        var c = AdversarialCorpus.All.Single(x => x.File == "long-cell.xlsx");
        var p = Assert.Throws<ValidationFailedException>(() => Parse(c.Kind, AdversarialCorpus.Load(c))).Problems.Single();
        Assert.Equal(("cell-too-long", "D4", 4, "reason"), (p.Code, p.Cell, p.Line, p.Field));
        Assert.Contains("100000", p.MessageEn.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("xxxxxxxxxx", p.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_names_are_echoed_shortened_and_get_no_suggestion()
    {
        var c = AdversarialCorpus.All.Single(x => x.File == "long-names.csv");
        var ex = Assert.Throws<ValidationFailedException>(() => Parse(c.Kind, AdversarialCorpus.Load(c)));
        var first = ex.Problems[0];
        Assert.Equal(("unknown-municipality", 3, "municipality_name"), (first.Code, first.Line, first.Field));
        Assert.Equal("Unknown municipality 'Örebro" + new string('a', 53) + "…'.", first.MessageEn);
        Assert.DoesNotContain("Did you mean", first.MessageEn, StringComparison.Ordinal);
    }
}
