using Kommuntal.Core.Allocation;
using Kommuntal.Core.Documents;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Core.Reference;

namespace Kommuntal.Core.Tests.Documents;

/// <summary>The published index is derived from the record: what is public, and never an older part over a newer one.</summary>
public class PublishedIndexBuilderTests
{
    private static readonly DateTimeOffset Now = new(2021, 11, 8, 9, 0, 0, TimeSpan.Zero);
    private static readonly County Orebro = ReferenceData.Bundled.County("18");

    private static Draft DraftFor(int lanstal, DraftPurpose purpose = DraftPurpose.Proposal) => new()
    {
        Number = 0, QuotaVersion = 1, Lanstal = lanstal, Purpose = purpose, IndicatorsSource = "bundled", Deviations = [], CreatedBy = "test", CreatedAt = Now,
        Result = new KommuntalModel().Allocate(new AllocationRequest(2022, Orebro, lanstal, ReferenceData.Bundled.MunicipalitiesIn("18"),
            ReferenceData.BundledIndicators(2022), [], ModelParameters.Default)),
    };

    private static PublishedDocument Document(DocumentKind kind, int n) =>
        new(kind, PublicationPaths.Document(2022, Orebro, kind, n), new string((char)('a' + n), 64), 1000 + n, Now);

    /// <summary>Proposal 1 sent for consultation, a what-if (draft 2), decision 1 published, then decided (not published) decision 2.</summary>
    private static CountyYearSnapshot Record()
    {
        var s = new CountyYearSnapshot(CountyYearRules.Initial(2022, "18", 1, 202), [], [], [], null);
        s = s.Apply(CountyYearRules.AddDraft(s, DraftFor(202), Now), "e");
        s = s.Apply(CountyYearRules.PublishProposal(s, 1, Document(DocumentKind.Proposal, 1), new DateOnly(2021, 11, 22), [], "test", Now), "e");
        s = s.Apply(CountyYearRules.AddDraft(s, DraftFor(202, DraftPurpose.WhatIf), Now), "e");
        s = s.Apply(CountyYearRules.Decide(s, new DecisionRequest(new DateOnly(2021, 11, 8), "851-1", "landshövdingen", "samordnaren"), "test", Now), "e");
        s = s.Apply(CountyYearRules.Publish(s, Document(DocumentKind.Decision, 1), [], "test", Now), "e");
        s = s.Apply(CountyYearRules.ApplyQuotaRevision(s, 2, 212, "test", Now), "e");
        s = s.Apply(CountyYearRules.AddDraft(s, DraftFor(212), Now), "e");
        s = s.Apply(CountyYearRules.Decide(s, new DecisionRequest(new DateOnly(2022, 3, 15), "851-2", "landshövdingen", "samordnaren"), "test", Now), "e");
        Assert.Equal(2, s.CurrentDecision!.Version); // decided, not published
        return s;
    }

    [Fact]
    public void A_part_holds_published_decisions_with_every_explanation_and_consulted_proposals_and_nothing_else()
    {
        var part = PublishedIndexBuilder.Section(Orebro, Record());
        var decision = Assert.Single(part.Decisions); // not decision 2: decided, never published
        Assert.Equal((1, "current", "2022/18-orebro-lan/beslut-v1.pdf"), (decision.Version, decision.Status, decision.Path));
        Assert.Equal(12, decision.Municipalities.Count);
        Assert.All(decision.Municipalities, m => Assert.Equal(m.Code, m.Explanation!.MunicipalityCode));
        Assert.Equal(202, decision.Municipalities.Sum(m => m.Kommuntal));
        var proposal = Assert.Single(part.Proposals); // draft 1, not the what-if
        Assert.Equal((1, new DateOnly(2021, 11, 22)), (proposal.Draft, proposal.Deadline));
        Assert.Equal(part.Decisions[0], part.Current);
        Assert.Equal(Record().State.AuditSequence, part.RecordSequence);
    }

    [Fact]
    public void A_part_built_from_an_older_record_never_replaces_a_newer_one()
    {
        var newer = PublishedIndexBuilder.Section(Orebro, Record());
        var older = newer with { RecordSequence = newer.RecordSequence - 1, Decisions = [] };
        var index = PublishedIndexBuilder.With(2022, null, [newer]);
        Assert.Same(newer, PublishedIndexBuilder.With(2022, index, [older]).Counties.Single());
        Assert.Same(newer, PublishedIndexBuilder.With(2022, PublishedIndexBuilder.With(2022, null, [older]), [newer]).Counties.Single());
    }

    [Fact]
    public void The_root_keeps_every_year_newest_first_without_explanations_and_names_each_year_blobs_hash()
    {
        var year = PublishedIndexBuilder.With(2022, null, [PublishedIndexBuilder.Section(Orebro, Record())]);
        var root = PublishedIndexBuilder.WithYear(null, year, "sha-2022", Now);
        root = PublishedIndexBuilder.WithYear(root, year with { Year = 2023 }, "sha-2023", Now);
        root = PublishedIndexBuilder.WithYear(root, year, "sha-2022b", Now);
        Assert.Equal([2023, 2022], root.Years.Select(y => y.Year));
        Assert.Equal("sha-2022b", root.Years[1].IndexSha256);
        Assert.All(root.Years.SelectMany(y => y.Counties).SelectMany(c => c.Decisions).SelectMany(d => d.Municipalities), m => Assert.Null(m.Explanation));
        Assert.Contains(root.Years.SelectMany(y => y.Counties).SelectMany(c => c.Decisions), d => d.Path == "2022/18-orebro-lan/beslut-v1.pdf");
    }

    /// <summary>Issue 18: a municipality's page needs the root alone; it carries the current decision's explanation texts (not the superseded one's).</summary>
    [Fact]
    public void The_root_carries_each_current_decisions_explanation_text_and_the_year_blob_stays_as_it_was()
    {
        var s = Record();
        s = s.Apply(CountyYearRules.Publish(s, Document(DocumentKind.Decision, 2), [], "test", Now), "e"); // decision 1 superseded, 2 current
        var part = PublishedIndexBuilder.Section(Orebro, s);
        var year = PublishedIndexBuilder.With(2022, null, [part]);
        var summary = PublishedIndexBuilder.WithYear(null, year, "sha-2022", Now).Years.Single();

        Assert.True(summary.HasExplanationTexts);
        var decisions = summary.Counties.Single().Decisions;
        Assert.Equal([("superseded", 1), ("current", 2)], decisions.Select(d => (d.Status, d.Version)));
        Assert.All(decisions[0].Municipalities, m => Assert.Null(m.ExplanationSv));
        Assert.Equal(part.Decisions[1].Municipalities.Select(m => m.Explanation!.SwedishText), decisions[1].Municipalities.Select(m => m.ExplanationSv));
        Assert.All(decisions[1].Municipalities, m => Assert.False(string.IsNullOrWhiteSpace(m.ExplanationSv)));
        Assert.DoesNotContain("explanationSv", Text.KommuntalJson.Serialize(year), StringComparison.Ordinal); // the year blob: structured explanations only
        Assert.Contains("explanationSv", Text.KommuntalJson.Serialize(summary), StringComparison.Ordinal);
    }
}
