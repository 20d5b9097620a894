using Kommuntal.Core.Allocation;
using Kommuntal.Core.Ingestion;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Core.Notifications;
using Kommuntal.Core.Reference;
using Kommuntal.Core.Validation;

namespace Kommuntal.Core.Tests;

/// <summary>Issue 14, item 5: free text is capped, and characters a reader cannot see are refused wherever text enters.</summary>
public class FreeTextTests
{
    [Theory]
    [InlineData("\u202A"), InlineData("\u202B"), InlineData("\u202C"), InlineData("\u202D"), InlineData("\u202E")] // embeddings, overrides
    [InlineData("\u2066"), InlineData("\u2067"), InlineData("\u2068"), InlineData("\u2069")] // isolates
    [InlineData("\u200B"), InlineData("\u200C"), InlineData("\u200D"), InlineData("\u200E"), InlineData("\u200F")] // zero width, marks
    [InlineData("\u2060"), InlineData("\u2061"), InlineData("\u2062"), InlineData("\u2063"), InlineData("\u2064")]
    [InlineData("\uFEFF"), InlineData("\u00AD"), InlineData("\u061C"), InlineData("\u180E")]
    [InlineData("\U000E0041")] // a tag character (hidden ASCII), outside the basic plane
    [InlineData("\u0000"), InlineData("\u001B"), InlineData("\u007F"), InlineData("\u0085"), InlineData("\u009B")] // C0, DEL, C1
    [InlineData("\u2028"), InlineData("\u2029"), InlineData("\u3164")] // separators, a Hangul filler
    public void Invisible_and_control_characters_are_found_with_their_position_and_code_point(string hidden)
    {
        var text = "Örebro " + hidden + "län";
        var found = FreeText.FindHidden(text, multiline: true);
        Assert.NotNull(found);
        Assert.Equal(8, found.Value.Position);
        Assert.Equal(char.IsSurrogatePair(text, 7) ? char.ConvertToUtf32(text, 7) : text[7], found.Value.CodePoint);
        Assert.Equal(1, found.Value.Count);
        Assert.NotNull(FreeText.HiddenMessage(text, multiline: true));
    }

    [Fact]
    public void A_lone_surrogate_is_refused()
    {
        // Built here: xUnit cannot carry a lone surrogate through a test case's serialised arguments.
        var text = "Örebro " + '\uD800' + "län";
        Assert.Equal((8, 0xD800), (FreeText.FindHidden(text)!.Value.Position, FreeText.FindHidden(text)!.Value.CodePoint));
    }

    [Theory]
    [InlineData("Överenskommelse i samrådet – 91 platser")]
    [InlineData("1\u00A0795 och 1\u202F795")] // no-break and narrow no-break spaces are ordinary text
    [InlineData("Café, naïve, Åre, Malmö, 👍")]
    [InlineData("Ægir Þórsson, Łódź, Ιωάννης, Гагарин, 李")]
    public void Ordinary_text_in_any_script_passes(string text) => Assert.Null(FreeText.FindHidden(text));

    [Fact]
    public void Tab_and_line_breaks_are_allowed_only_where_paragraphs_are()
    {
        const string text = "Första stycket.\r\n\r\nAndra\tstycket.";
        Assert.Null(FreeText.FindHidden(text, multiline: true));
        var found = FreeText.FindHidden(text, multiline: false);
        Assert.Equal((16, 0x0D, 5), (found!.Value.Position, found.Value.CodePoint, found.Value.Count));
        Assert.Equal("U+000D (CARRIAGE RETURN)", found.Value.Notation);
    }

    [Fact]
    public void Positions_count_characters_not_UTF16_units_and_every_occurrence_is_counted()
    {
        var found = FreeText.FindHidden("👍a\u202Eb\u200B");
        Assert.Equal((3, 0x202E, 2), (found!.Value.Position, found.Value.CodePoint, found.Value.Count));
        var (sv, en) = FreeText.HiddenMessage("👍a\u202Eb\u200B")!.Value;
        Assert.Equal("The text contains an invisible or control character, U+202E (RIGHT-TO-LEFT OVERRIDE), at position 3 (1 more); remove it.", en);
        Assert.Equal("Texten innehåller ett osynligt tecken eller styrtecken, U+202E (RIGHT-TO-LEFT OVERRIDE), på position 3 (1 till); ta bort det.", sv);
    }

    [Fact]
    public void A_text_over_its_limit_is_a_named_problem_in_both_languages()
    {
        var problems = new ProblemList("request body");
        Assert.False(FreeText.Check(problems, new string('x', 51), "diarienummer", TextLimits.Diarienummer));
        Assert.True(FreeText.Check(problems, new string('x', 50), "diarienummer", TextLimits.Diarienummer));
        var p = Assert.Single(problems.Problems);
        Assert.Equal(("diarienummer", "text-too-long"), (p.Field, p.Code));
        Assert.Equal("The text is 51 characters; at most 50 are accepted.", p.MessageEn);
        Assert.Equal("Texten är 51 tecken; högst 50 godtas.", p.MessageSv);
    }

    [Fact]
    public void A_decision_names_its_own_fields_and_checks_every_text()
    {
        var request = new DecisionRequest(new DateOnly(2021, 11, 8), " ", "Maria\u202E Larsson", new string('p', 101),
            new DecisionTexts { Background = "Ett.\nTvå.", Reasons = "\u0007", Appeal = new string('a', 10_001) });
        var ex = Assert.Throws<ValidationFailedException>(() =>
            DecisionRequestValidation.Validate(request, "command line", new DecisionRequestValidation.FieldNames("--dnr", "--decided-by", "--presented-by")));
        Assert.Equal([("--dnr", "missing-value"), ("--decided-by", "invisible-character"), ("--presented-by", "text-too-long"),
                ("texts.reasons", "invisible-character"), ("texts.appeal", "text-too-long")],
            ex.Problems.Select(p => (p.Field!, p.Code)));
        Assert.All(ex.Problems, p => Assert.Equal("command line", p.File));
    }

    [Fact]
    public void The_decide_rule_itself_refuses_hidden_text_whatever_door_it_came_through()
    {
        var s = new CountyYearSnapshot(CountyYearRules.Initial(2022, "18", 1, 202), [], [], [], null);
        var draft = new Draft
        {
            Number = 0, QuotaVersion = 1, Lanstal = 202, Purpose = DraftPurpose.Proposal, IndicatorsSource = "bundled", Deviations = [], CreatedBy = "test",
            CreatedAt = DateTimeOffset.UnixEpoch,
            Result = new KommuntalModel().Allocate(new AllocationRequest(2022, ReferenceData.Bundled.County("18"), 202,
                ReferenceData.Bundled.MunicipalitiesIn("18"), ReferenceData.BundledIndicators(2022), [], ModelParameters.Default)),
        };
        s = s.Apply(CountyYearRules.AddDraft(s, draft, DateTimeOffset.UnixEpoch), "e1");
        var ex = Assert.Throws<ValidationFailedException>(() => CountyYearRules.Decide(s,
            new DecisionRequest(new DateOnly(2021, 11, 8), "851-\u200B1234", "Maria Larsson", "Ingela Fredriksson"), "test", DateTimeOffset.UnixEpoch));
        Assert.Equal(("decision", "diarienummer", "invisible-character"), (ex.Problems[0].File, ex.Problems[0].Field, ex.Problems[0].Code));
    }

    [Fact]
    public void A_decision_with_bad_fields_is_rejected_input_before_the_state_is_considered()
    {
        // No proposal yet: the state alone would be a 409 (no-proposal); the request's own fields come first (400), at every door.
        var none = new CountyYearSnapshot(CountyYearRules.Initial(2022, "18", 1, 202), [], [], [], null);
        var ex = Assert.Throws<ValidationFailedException>(() => CountyYearRules.Decide(none,
            new DecisionRequest(new DateOnly(2021, 11, 8), " ", "Maria Larsson", "Ingela Fredriksson"), "test", DateTimeOffset.UnixEpoch));
        Assert.Equal(("diarienummer", "missing-value"), (ex.Problems[0].Field, ex.Problems[0].Code));
        // Valid fields: the state's refusal.
        Assert.Equal("no-proposal", Assert.Throws<InvalidTransitionException>(() => CountyYearRules.Decide(none,
            new DecisionRequest(new DateOnly(2021, 11, 8), "851-1234", "Maria Larsson", "Ingela Fredriksson"), "test", DateTimeOffset.UnixEpoch)).Code);
    }

    [Fact]
    public void A_decision_from_fields_that_may_be_missing_names_every_missing_one_the_date_too()
    {
        var ex = Assert.Throws<ValidationFailedException>(() =>
            DecisionRequestValidation.Create(null, null, "Maria Larsson", null, null, null, "request body"));
        Assert.Equal([("decisionDate", "missing-value"), ("diarienummer", "missing-value"), ("presentedBy", "missing-value")],
            ex.Problems.Select(p => (p.Field!, p.Code)));
        var request = DecisionRequestValidation.Create(new DateOnly(2021, 11, 8), "851-1234", "Maria Larsson", "Ingela Fredriksson", null, 2, "request body");
        Assert.Equal((new DateOnly(2021, 11, 8), 2), (request.DecisionDate, request.DraftNumber));
    }

    [Fact]
    public void Wishes_from_an_API_body_have_their_reasons_capped_and_checked()
    {
        var wishes = new[]
        {
            new Deviation("1860", DeviationKind.Housing, 10, "Brist på\u202D bostäder"),
            new Deviation("1880", DeviationKind.Agreement, 91, new string('s', TextLimits.Reason + 1)),
            new Deviation("1862", DeviationKind.Housing, 0, new string('s', TextLimits.Reason)),
        };
        var ex = Assert.Throws<ValidationFailedException>(() => WishValidation.Validate(wishes, ReferenceData.Bundled.County("18"), ReferenceData.Bundled, "request body"));
        Assert.Equal([(1, "invisible-character"), (2, "text-too-long")], ex.Problems.Select(p => (p.Line!.Value, p.Code)));
    }

    [Fact]
    public void A_wish_file_reason_with_a_hidden_character_is_refused_naming_line_and_code_point()
    {
        var file = InputFile.FromText("onskemal.csv", "# test file, not real wishes\nmunicipality_code,kind,number,reason\n1880,agreement,91,Överens\u2067kommelse\n1860,volunteer,25,Utökat ansvar\n");
        var ex = Assert.Throws<ValidationFailedException>(() => new DeviationFileParser(ReferenceData.Bundled).Read(file, 2022, "18"));
        var p = Assert.Single(ex.Problems);
        Assert.Equal((3, "reason", "invisible-character"), (p.Line, p.Field, p.Code));
        Assert.Contains("U+2067 (RIGHT-TO-LEFT ISOLATE), at position 8", p.MessageEn);
        Assert.Equal(TextLimits.Reason, DeviationFileParser.MaxReasonLength);
    }

    [Fact]
    public void A_recipient_file_name_with_a_hidden_character_and_an_address_with_one_are_refused()
    {
        var file = InputFile.FromText("mottagare.csv", "municipality_code,municipality_name,email\n1880,Öre\u200Bbro,kommunen@orebro.se\n1860,Laxå,kommun@la\u200Dxa.se\n");
        var ex = Assert.Throws<ValidationFailedException>(() => new RecipientFileParser(ReferenceData.Bundled).Parse(file));
        Assert.Equal([(2, "municipality_name", "invisible-character"), (3, "email", "invalid-email")], ex.Problems.Select(p => (p.Line!.Value, p.Field!, p.Code)));
        Assert.Contains("U+200D", ex.Problems[1].MessageEn);
        Assert.Equal("the address contains the invisible character U+FEFF (ZERO WIDTH NO-BREAK SPACE)", EmailRules.AddressProblem("kommun@orebro\uFEFF.se"));
    }

    [Fact]
    public void A_parameter_set_version_is_capped_and_checked()
    {
        var ex = Assert.Throws<ValidationFailedException>(() => ModelParametersJson.Parse(InputFile.FromText("p.json", $$"""{"version": "{{new string('v', 101)}}"}""")));
        Assert.Equal(("version", "text-too-long"), (ex.Problems.Single().Field, ex.Problems.Single().Code));
        ex = Assert.Throws<ValidationFailedException>(() => ModelParametersJson.Parse(InputFile.FromText("p.json", """{"version": "test\u202E1.v"}""")));
        Assert.Equal(("version", "invisible-character"), (ex.Problems.Single().Field, ex.Problems.Single().Code));
    }
}
