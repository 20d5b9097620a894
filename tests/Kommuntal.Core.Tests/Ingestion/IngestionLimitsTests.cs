using System.Text;
using Kommuntal.Core.Allocation;
using Kommuntal.Core.Ingestion;
using Kommuntal.Core.Notifications;
using Kommuntal.Core.Quotas;
using Kommuntal.Core.Reference;
using Kommuntal.Core.Validation;
using static Kommuntal.Testing.AdversarialFiles;

namespace Kommuntal.Core.Tests.Ingestion;

/// <summary>Each budget of <see cref="IngestionLimits"/> on its own, in every reader and parser that has it.</summary>
public class IngestionLimitsTests
{
    private readonly QuotaParser _quota = new(ReferenceData.Bundled);
    private readonly DeviationFileParser _wishes = new(ReferenceData.Bundled);

    private static ValidationProblem Single(Action parse)
    {
        var problems = Assert.Throws<ValidationFailedException>(parse).Problems;
        Assert.True(problems.Count == 1, string.Join("\n", problems));
        return problems[0];
    }

    [Fact]
    public void The_defaults_are_usable_and_a_zero_or_inconsistent_limit_is_named()
    {
        Assert.Empty(IngestionLimits.Default.Invalid());
        var bad = new IngestionLimits { MaxRows = 0, MaxPartBytes = 32L * 1024 * 1024, MaxJsonDepth = 100 }.Invalid();
        Assert.Contains("Kommuntal:Ingestion:Limits:MaxRows must be positive (is 0).", bad);
        Assert.Contains("Kommuntal:Ingestion:Limits:MaxPartBytes must not exceed MaxUnpackedBytes.", bad);
        Assert.Contains("Kommuntal:Ingestion:Limits:MaxJsonDepth must be at most 64.", bad);
    }

    [Fact]
    public void The_bounded_distance_is_the_levenshtein_distance_within_its_limit()
    {
        var random = new Random(20220101);
        string Word() => new(Enumerable.Range(0, random.Next(0, 9)).Select(_ => "abcö "[random.Next(5)]).ToArray());
        for (var i = 0; i < 5_000; i++)
        {
            var (a, b, limit) = (Word(), Word(), random.Next(0, 4));
            var full = NameMatching.Distance(a, b);
            Assert.True(NameMatching.BoundedDistance(a, b, limit) == Math.Min(full, limit + 1), $"'{a}' '{b}' limit {limit}: {full}");
        }
    }

    [Fact]
    public void A_suggestion_is_still_given_for_a_short_typo()
    {
        var csv = "county_code,county,lanstal\n," + "Örebo län,1\n";
        var ex = Assert.Throws<ValidationFailedException>(() => _quota.Read(InputFile.FromText("q.csv", csv), 2022));
        Assert.Contains(ex.Problems, p => p.MessageEn == "Unknown county 'Örebo län'. Did you mean Örebro län?");
    }

    [Fact]
    public void A_csv_field_over_the_cell_limit_is_a_problem_on_its_line_and_column()
    {
        var csv = "municipality_code,kind,number,reason\n1880,agreement,91," + new string('x', 4_001) + "\n";
        var p = Single(() => _wishes.Read(InputFile.FromText("w.csv", csv), 2022, "18"));
        Assert.Equal(("cell-too-long", 2, "reason"), (p.Code, p.Line, p.Field));
        Assert.Equal("Field 4 on line 2 has 4001 characters; at most 4000 are accepted in a field.", p.MessageEn);
    }

    [Fact]
    public void A_reason_between_the_rule_and_the_cell_limit_keeps_its_own_message()
    {
        var csv = "municipality_code,kind,number,reason\n1880,agreement,91," + new string('x', 2_001) + "\n";
        Assert.Equal("reason-too-long", Single(() => _wishes.Read(InputFile.FromText("w.csv", csv), 2022, "18")).Code);
    }

    [Fact]
    public void Text_files_stop_at_the_line_and_row_limits_with_the_line()
    {
        var limits = new IngestionLimits { MaxRows = 3, MaxLineCharacters = 40 };
        var rows = "county_code,lanstal\n01,1\n03,2\n04,3\n";
        var p = Single(() => _quota.Read(InputFile.FromText("q.csv", rows), 2022, limits));
        Assert.Equal(("too-many-rows", 4), (p.Code, p.Line));
        var line = "county_code,lanstal\n01," + new string('1', 40) + "\n";
        p = Single(() => _quota.Read(InputFile.FromText("q.csv", line), 2022, limits));
        Assert.Equal(("line-too-long", 2), (p.Code, p.Line));
        Assert.Equal("Line 2 has 43 characters; at most 40 are accepted on a line.", p.MessageEn);
    }

    [Fact]
    public void The_annex_text_stops_at_the_line_limit()
    {
        var annex = "Förteckning över länstal 2022\nStockholms län " + new string('1', 16_001) + "\n";
        Assert.Equal(("line-too-long", (int?)2), At(Single(() => _quota.Read(InputFile.FromText("bilaga.txt", annex), 2022))));
    }

    [Fact]
    public void Json_has_limits_on_depth_tokens_rows_and_strings()
    {
        var limits = new IngestionLimits { MaxJsonDepth = 4, MaxJsonTokens = 50, MaxRows = 2, MaxCellCharacters = 20 };
        Assert.Equal(("json-too-deep", (int?)2), At(Single(() => _wishes.Read(InputFile.FromText("w.json", "{\"wishes\":\n[[[[[]]]]]}"), 2022, "18", limits: limits))));
        Assert.Equal("json-too-many-tokens", Single(() => _wishes.Read(InputFile.FromText("w.json", "{\"note\": [" + string.Join(",", Enumerable.Repeat("1", 60)) + "]}"), 2022, "18", limits: limits)).Code);
        var three = "{\"wishes\": [\n{\"municipality\": \"1880\"},\n{\"municipality\": \"1880\"},\n{\"municipality\": \"1880\"}]}";
        Assert.Equal(("too-many-rows", (int?)4), At(Single(() => _wishes.Read(InputFile.FromText("w.json", three), 2022, "18", limits: limits))));
        var longReason = "{\"wishes\": [\n{\"municipality\": \"1880\", \"kind\": \"agreement\", \"number\": 91,\n \"reason\": \"" + new string('x', 21) + "\"}]}";
        var p = Single(() => _wishes.Read(InputFile.FromText("w.json", longReason), 2022, "18", limits: limits));
        Assert.Equal(("cell-too-long", 3, "reason"), (p.Code, p.Line, p.Field));
    }

    private static (string, int?) At(ValidationProblem p) => (p.Code, p.Line);

    [Fact]
    public void A_smaller_problem_limit_keeps_that_many_and_counts_the_rest()
    {
        var limits = new IngestionLimits { MaxProblems = 5 };
        var csv = new StringBuilder("county_code,lanstal\n");
        for (var i = 0; i < 12; i++) csv.Append("99,1\n");
        var ex = Assert.Throws<ValidationFailedException>(() => _quota.Read(InputFile.FromText("q.csv", csv.ToString()), 2022, limits));
        Assert.Equal(6, ex.Problems.Count);
        Assert.Equal("… and 28 more problems (the first 5 are shown). Correct them and upload the file again.", ex.Problems[^1].MessageEn); // 12 unknown + 21 missing
    }

    [Fact]
    public void Workbook_budgets_can_be_set_lower()
    {
        var xlsx = Xlsx(Sheet([.. WishRows("test file: three rows"), Row(4, "1860", "volunteer", 25, "Utökat ansvar")]));
        Assert.Equal("too-many-rows", Single(() => _wishes.Read(new InputFile("w.xlsx", xlsx), 2022, "18", limits: new IngestionLimits { MaxRows = 3 })).Code);
        Assert.Equal("too-many-cells", Single(() => _wishes.Read(new InputFile("w.xlsx", xlsx), 2022, "18", limits: new IngestionLimits { MaxCells = 5 })).Code);
        Assert.Equal("text-too-large", Single(() => _wishes.Read(new InputFile("w.xlsx", xlsx), 2022, "18", limits: new IngestionLimits { MaxTextCharacters = 50 })).Code);
        Assert.Equal("zip-too-many-entries", Single(() => _wishes.Read(new InputFile("w.xlsx", xlsx), 2022, "18", limits: new IngestionLimits { MaxZipEntries = 5 })).Code);
        using (var zip = new System.IO.Compression.ZipArchive(new MemoryStream(xlsx)))
        {
            // Every part fits its own budget, all of them together do not.
            var largest = zip.Entries.Max(e => e.Length);
            Assert.Equal("zip-too-large", Single(() => _wishes.Read(new InputFile("w.xlsx", xlsx), 2022, "18",
                limits: new IngestionLimits { MaxPartBytes = largest, MaxUnpackedBytes = largest + 1 })).Code);
            Assert.Equal("zip-entry-too-large", Single(() => _wishes.Read(new InputFile("w.xlsx", xlsx), 2022, "18",
                limits: new IngestionLimits { MaxPartBytes = largest - 1 })).Code);
        }
        Assert.Equal("xml-too-deep", Single(() => _wishes.Read(new InputFile("w.xlsx", xlsx), 2022, "18", limits: new IngestionLimits { MaxXmlDepth = 3 })).Code);
        Assert.Single(_wishes.Read(new InputFile("w.xlsx", xlsx), 2022, "18").Deviations, d => d.MunicipalityCode == "1860");
    }

    [Fact]
    public void A_long_title_cell_is_named_without_a_field()
    {
        var xlsx = Xlsx(Sheet([Row(1, new string('T', 4_001)), Row(2, "municipality_code", "kind", "number", "reason"), Row(3, "1880", "agreement", 91, "Överenskommelse")]));
        var p = Single(() => _wishes.Read(new InputFile("w.xlsx", xlsx), 2022, "18"));
        Assert.Equal(("cell-too-long", "A1", 1, (string?)null), (p.Code, p.Cell, p.Line, p.Field));
    }

    [Fact]
    public void Recipient_files_have_the_text_limits_and_echo_short_values()
    {
        var parser = new RecipientFileParser(ReferenceData.Bundled);
        var longAddress = "municipality_code,email\n1880," + new string('a', 300) + "@orebro.se\n";
        var p = Single(() => parser.Parse(InputFile.FromText("r.csv", longAddress)));
        Assert.Equal(("invalid-email", 2, "email"), (p.Code, p.Line, p.Field));
        Assert.True(p.MessageEn.Length < 160, p.MessageEn);
        var field = "municipality_code,email\n1880," + new string('a', 5_000) + "\n";
        Assert.Equal("cell-too-long", Single(() => parser.Parse(InputFile.FromText("r.csv", field))).Code);
        var rows = new StringBuilder("municipality_code,email\n");
        for (var i = 0; i < 5_001; i++) rows.Append("1880,registrator@orebro.se\n");
        Assert.Equal("too-many-rows", Single(() => parser.Parse(InputFile.FromText("r.csv", rows.ToString()))).Code);
    }

    [Fact]
    public void Model_parameters_have_the_json_limits_and_echo_short_values()
    {
        var deep = "{\"version\": \"x\", \"weights\": " + new string('[', 100) + new string(']', 100) + "}";
        Assert.Equal("json-too-deep", Single(() => ModelParametersJson.Parse(InputFile.FromText("p.json", deep))).Code);
        var key = "{\"version\": \"x\", \"" + new string('k', 100_000) + "\": 1}";
        var p = Single(() => ModelParametersJson.Parse(InputFile.FromText("p.json", key)));
        Assert.Equal("unknown-key", p.Code);
        Assert.True(p.MessageEn.Length < 200 && p.Field!.Length <= 60, p.MessageEn);
        var weight = "{\"version\": \"x\", \"weights\": {\"labour\": \"" + new string('9', 100_000) + "\"}}";
        Assert.True(Single(() => ModelParametersJson.Parse(InputFile.FromText("p.json", weight))).MessageEn.Length < 200);
        var version = "{\"version\": \"" + new string('v', 101) + "\"}";
        Assert.Equal(FreeText.TooLongCode, Single(() => ModelParametersJson.Parse(InputFile.FromText("p.json", version))).Code);
    }

    [Fact]
    public void An_echoed_value_is_cut_at_60_characters_with_an_ellipsis_and_control_characters_shown()
    {
        Assert.Equal("abc\\n\\u0007", ProblemList.Echo("abc\n\a"));
        Assert.Equal(new string('x', 59) + "…", ProblemList.Echo(new string('x', 61)));
        Assert.Equal(new string('x', 60), ProblemList.Echo(new string('x', 60)));
        Assert.Equal(new string('x', 58) + "…", ProblemList.Echo(new string('x', 58) + "😀" + "yyy")); // a surrogate pair is not split
    }
}
