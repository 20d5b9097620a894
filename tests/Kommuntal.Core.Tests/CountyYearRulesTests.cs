using Kommuntal.Core.Allocation;
using Kommuntal.Core.Documents;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Core.Reference;
using Kommuntal.Core.Validation;

namespace Kommuntal.Core.Tests;

public class CountyYearRulesTests
{
    private static readonly DateTimeOffset Now = new(2021, 11, 8, 9, 0, 0, TimeSpan.Zero);
    private static readonly DecisionRequest Request = new(new DateOnly(2021, 11, 8), "851-1234-2021", "Maria Larsson", "Ingela Fredriksson");

    private static Draft DraftFor(int lanstal)
    {
        var r = new KommuntalModel().Allocate(new AllocationRequest(2022, ReferenceData.Bundled.County("18"), lanstal,
            ReferenceData.Bundled.MunicipalitiesIn("18"), ReferenceData.BundledIndicators(2022), [], ModelParameters.Default));
        return new Draft
        {
            Number = 0, QuotaVersion = 1, Lanstal = lanstal, Purpose = DraftPurpose.Proposal, IndicatorsSource = "bundled",
            Deviations = [], Result = r, CreatedBy = "test", CreatedAt = Now,
        };
    }

    private static CountyYearSnapshot Empty() =>
        new(CountyYearRules.Initial(2022, "18", 1, 202), [], [], [], null);

    [Fact]
    public void Deciding_without_a_proposal_is_refused()
    {
        var ex = Assert.Throws<InvalidTransitionException>(() => CountyYearRules.Decide(Empty(), Request, "test", Now));
        Assert.Contains("no proposal", ex.Message);
    }

    [Fact]
    public void Proposal_then_decision_then_publication_moves_through_the_states_with_an_audit_line_each()
    {
        var s = Empty();
        var c1 = CountyYearRules.AddDraft(s, DraftFor(202), Now);
        s = s.Apply(c1, "e1");
        Assert.Equal(CountyYearStatus.Proposal, s.State.Status);
        var c2 = CountyYearRules.Decide(s, Request, "test", Now);
        s = s.Apply(c2, "e2");
        Assert.Equal(CountyYearStatus.Decided, s.State.Status);
        Assert.Equal(202, s.CurrentDecision!.Numbers.Sum(n => n.Kommuntal));
        Assert.Throws<InvalidTransitionException>(() => CountyYearRules.Decide(s, Request, "test", Now)); // publish first
        var doc = new PublishedDocument(DocumentKind.Decision, "2022/18-orebro-lan/beslut-v1.pdf", new string('a', 64), 1000, Now);
        var c3 = CountyYearRules.Publish(s, doc, [], "test", Now);
        s = s.Apply(c3, "e3");
        Assert.Equal(CountyYearStatus.Published, s.State.Status);
        Assert.Equal(DecisionStatus.Published, s.CurrentDecision!.Status);
        Assert.Equal(3, s.State.AuditSequence);
        Assert.Equal(["draft.created", "decision.decided", "decision.published"], new[] { c1, c2, c3 }.Select(c => c.Audit.Single().Action));
        Assert.Throws<InvalidTransitionException>(() => CountyYearRules.Publish(s, doc, [], "test", Now)); // nothing left to publish
    }

    [Fact]
    public void A_draft_for_an_outdated_lanstal_cannot_be_decided()
    {
        var s = Empty();
        s = s.Apply(CountyYearRules.AddDraft(s, DraftFor(202), Now), "e1");
        s = s.Apply(CountyYearRules.ApplyQuotaRevision(s, 2, 180, "test", Now), "e2");
        var ex = Assert.Throws<InvalidTransitionException>(() => CountyYearRules.Decide(s, Request, "test", Now));
        Assert.Contains("current länstal is 180", ex.Message);
    }

    private static Draft WhatIf(int lanstal) => DraftFor(lanstal) with { Purpose = DraftPurpose.WhatIf };

    /// <summary>Issue 14: proposal, then a what-if, then decide without naming a draft decided the what-if.</summary>
    [Fact]
    public void Deciding_without_a_draft_number_takes_the_latest_proposal_not_a_later_what_if()
    {
        var s = Empty();
        s = s.Apply(CountyYearRules.AddDraft(s, DraftFor(202), Now), "e1");
        s = s.Apply(CountyYearRules.AddDraft(s, WhatIf(202), Now), "e2");
        Assert.Equal(2, s.State.LatestDraft);
        var change = CountyYearRules.Decide(s, Request, "test", Now);
        Assert.Equal(1, change.Decisions.Single().DraftNumber);
        Assert.Contains("från förslag 1", change.Audit.Single().Details);
    }

    [Fact]
    public void A_what_if_named_for_a_decision_is_refused_as_a_conflict()
    {
        var s = Empty();
        s = s.Apply(CountyYearRules.AddDraft(s, DraftFor(202), Now), "e1");
        s = s.Apply(CountyYearRules.AddDraft(s, WhatIf(202), Now), "e2");
        var ex = Assert.Throws<InvalidTransitionException>(() => CountyYearRules.Decide(s, Request with { DraftNumber = 2 }, "test", Now));
        Assert.Equal("not-a-proposal", ex.Code);
        Assert.Contains("Draft 2 is a what-if", ex.Message);
        Assert.Contains("beräkning (what-if)", ex.MessageSv);
    }

    [Fact]
    public void With_only_what_ifs_there_is_nothing_to_decide()
    {
        var s = Empty();
        s = s.Apply(CountyYearRules.AddDraft(s, WhatIf(202), Now), "e1");
        var ex = Assert.Throws<InvalidTransitionException>(() => CountyYearRules.Decide(s, Request, "test", Now));
        Assert.Equal("no-proposal", ex.Code);
    }

    [Fact]
    public void A_draft_that_does_not_exist_is_not_found()
    {
        var s = Empty();
        s = s.Apply(CountyYearRules.AddDraft(s, DraftFor(202), Now), "e1");
        var ex = Assert.Throws<NotFoundException>(() => CountyYearRules.Decide(s, Request with { DraftNumber = 7 }, "test", Now));
        Assert.Equal("draft-not-found", ex.Code);
    }

    /// <summary>Issue 17: the consultation's summary is recorded on the consultation page; the next decision takes it.</summary>
    [Fact]
    public void The_consultation_summary_is_recorded_after_the_consultation_and_the_next_decision_takes_it()
    {
        var s = Empty();
        s = s.Apply(CountyYearRules.AddDraft(s, DraftFor(202), Now), "e1");
        var early = Assert.Throws<InvalidTransitionException>(() => CountyYearRules.RecordConsultationSummary(s, "Tre kommuner svarade.", "test", Now));
        Assert.Equal("no-consultation", early.Code);

        var doc = new PublishedDocument(DocumentKind.Proposal, "2022/18-orebro-lan/forslag-1.pdf", new string('b', 64), 1000, Now);
        s = s.Apply(CountyYearRules.PublishProposal(s, 1, doc, new DateOnly(2021, 10, 15), [], "test", Now), "e2");
        var hidden = Assert.Throws<ValidationFailedException>(() => CountyYearRules.RecordConsultationSummary(s, "Tre\u202E kommuner", "test", Now));
        Assert.Equal("consultationSummary", hidden.Problems.Single().Field);
        var recorded = CountyYearRules.RecordConsultationSummary(s, "  Tre kommuner svarade.\n\nÖrebro bekräftade överenskommelsen.  ", "test", Now);
        Assert.Equal("consultation.summarised", recorded.Audit.Single().Action);
        s = s.Apply(recorded, "e3");
        Assert.Equal("Tre kommuner svarade.\n\nÖrebro bekräftade överenskommelsen.", s.State.ConsultationSummary);

        var decided = CountyYearRules.Decide(s, Request, "test", Now);
        Assert.Equal("Tre kommuner svarade.\n\nÖrebro bekräftade överenskommelsen.", decided.Decisions.Single().Texts.ConsultationSummary);
        Assert.Null(decided.NewState.ConsultationSummary); // taken by the decision
        // A request's own summary (the API's texts.consultationSummary) wins over the recorded one.
        var own = CountyYearRules.Decide(s, Request with { Texts = new DecisionTexts { ConsultationSummary = "Egen." } }, "test", Now);
        Assert.Equal("Egen.", own.Decisions.Single().Texts.ConsultationSummary);

        s = s.Apply(decided, "e4");
        Assert.Throws<InvalidTransitionException>(() => CountyYearRules.RecordConsultationSummary(s, "Sent.", "test", Now)); // the decision awaits publication
    }
}
