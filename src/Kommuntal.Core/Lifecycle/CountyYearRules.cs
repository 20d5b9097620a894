using Kommuntal.Core.Allocation;
using Kommuntal.Core.Text;
using Kommuntal.Core.Unaccompanied;

namespace Kommuntal.Core.Lifecycle;

/// <summary>What a decision-maker supplies when deciding.</summary>
public sealed record DecisionRequest(
    DateOnly DecisionDate,
    string Diarienummer,
    string DecidedBy,
    string PresentedBy,
    DecisionTexts? Texts = null,
    int? DraftNumber = null);

/// <summary>
/// The county-year state machine: proposal (drafts) → decided → published → superseded by a later
/// decision. Each method checks that the step is allowed and returns the complete change (new
/// state, rows, audit entries) for the store to commit atomically. Pure: time and actor are inputs.
/// </summary>
public static class CountyYearRules
{
    public static CountyYearChange AddDraft(CountyYearSnapshot s, Draft draft, DateTimeOffset now)
    {
        if (draft.Lanstal != s.State.Lanstal && s.State.Status != CountyYearStatus.None)
            throw Refused($"Förslaget bygger på länstal {draft.Lanstal} men länets länstal är {s.State.Lanstal}.",
                $"The draft uses länstal {draft.Lanstal} but the county's länstal is {s.State.Lanstal}.");
        var number = s.State.LatestDraft + 1;
        var stored = draft with { Number = number };
        var state = s.State with
        {
            LatestDraft = number,
            Status = s.State.Status == CountyYearStatus.None ? CountyYearStatus.Proposal : s.State.Status,
            QuotaVersion = s.State.Status == CountyYearStatus.None ? draft.QuotaVersion : s.State.QuotaVersion,
            Lanstal = s.State.Status == CountyYearStatus.None ? draft.Lanstal : s.State.Lanstal,
        };
        var what = draft.Purpose == DraftPurpose.WhatIf ? "Beräkning (what-if)" : "Förslag";
        return Change(s, state, now, draft.CreatedBy, "draft.created",
                $"{what} nr {number}: länstal {draft.Lanstal}, modell {draft.Result.Parameters.Version}, {draft.Deviations.Count} avvikelser, indikatorer: {draft.IndicatorsSource}")
            with { NewDrafts = [stored] };
    }

    /// <summary>Starts a county-year at a quota version (before any draft).</summary>
    public static CountyYearState Initial(int year, string countyCode, int quotaVersion, int lanstal) =>
        new(year, countyCode) { QuotaVersion = quotaVersion, Lanstal = lanstal };

    /// <summary>
    /// A county's own inputs (wishes, share requests) cannot change while a decision awaits
    /// publication: checked by the import before it stores a file, and again by the change itself.
    /// </summary>
    public static void EnsureInputsMayChange(CountyYearSnapshot s, string whatSv, string whatEn)
    {
        if (s.State.Status == CountyYearStatus.Decided)
            throw Refused($"{whatSv} kan inte ändras medan ett beslut väntar på publicering; publicera beslutet först.",
                $"{whatEn} cannot change while a decision awaits publication; publish the decision first.");
    }

    public static CountyYearChange SetWishes(CountyYearSnapshot s, IReadOnlyList<Deviation> wishes, string actor, DateTimeOffset now)
    {
        EnsureInputsMayChange(s, "Önskemål", "Wishes");
        var summary = wishes.Count == 0 ? "inga" : string.Join("; ", wishes.Select(w => $"{w.MunicipalityCode} {w.Kind} {w.Number} ({w.Reason})"));
        return Change(s, s.State with { Wishes = wishes }, now, actor, "wishes.recorded", $"Önskemål registrerade: {summary}");
    }

    /// <summary>
    /// Records (or, empty, removes) the consultation's summary for the next decision: while a decision
    /// can be taken, after a proposal has been sent for consultation. Checked as a decision's text.
    /// </summary>
    public static CountyYearChange RecordConsultationSummary(CountyYearSnapshot s, string? summary, string actor, DateTimeOffset now)
    {
        var problems = new ProblemList("consultation");
        FreeText.Check(problems, summary, "consultationSummary", TextLimits.DecisionText, multiline: true);
        problems.ThrowIfAny();
        if (s.State.Status == CountyYearStatus.Decided)
            throw Refused($"Beslut {s.State.CurrentDecision} väntar på publicering; samrådets sammanfattning står redan i det.",
                $"Decision {s.State.CurrentDecision} awaits publication; the consultation's summary is already in it.");
        if (!s.Drafts.Any(d => d.Consultation is not null))
            throw Refused("Inget förslag har skickats på samråd, så det finns inget samråd att sammanfatta.",
                "No proposal has been sent for consultation, so there is no consultation to summarise.", "no-consultation");
        var text = string.IsNullOrWhiteSpace(summary) ? null : summary.Trim();
        return Change(s, s.State with { ConsultationSummary = text }, now, actor, "consultation.summarised",
            text is null ? "Samrådets sammanfattning borttagen" : $"Samrådets sammanfattning registrerad ({text.Length} tecken)");
    }

    public static CountyYearChange Decide(CountyYearSnapshot s, DecisionRequest request, string actor, DateTimeOffset now)
    {
        // The request's own fields first (400 at every door, whatever the state); then the state (409).
        DecisionRequestValidation.Validate(request);
        if (s.State.Status == CountyYearStatus.None)
            throw Refused("Det finns inget förslag att besluta om. Beräkna ett förslag först.", "There is no proposal to decide on. Compute a proposal first.", "no-proposal");
        if (s.State.Status == CountyYearStatus.Decided)
            throw Refused($"Beslut {s.State.CurrentDecision} är fattat men inte publicerat; publicera det först.",
                $"Decision {s.State.CurrentDecision} is decided but not published; publish it first.");
        var draft = DecidableDraft(s, request.DraftNumber);
        var number = draft.Number;
        if (draft.Lanstal != s.State.Lanstal)
            throw Refused($"Förslag {number} bygger på länstal {draft.Lanstal}, men gällande länstal är {s.State.Lanstal}. Beräkna ett nytt förslag.",
                $"Draft {number} uses länstal {draft.Lanstal}, but the current länstal is {s.State.Lanstal}. Compute a new draft.");
        var previous = s.CurrentDecision;
        if (previous is not null && !s.State.NeedsNewDecision && previous.Numbers.Select(n => n.Kommuntal).SequenceEqual(
                draft.Result.Municipalities.OrderBy(m => m.Code, StringComparer.Ordinal).Select(m => m.Kommuntal))
            && previous.Numbers.Select(n => n.MunicipalityCode).SequenceEqual(draft.Result.Municipalities.OrderBy(m => m.Code, StringComparer.Ordinal).Select(m => m.Code))
            && SameShares(previous.Shares, draft.Shares))
            throw Refused($"Förslag {number} ger samma kommuntal som gällande beslut {previous.Version}; inget nytt beslut behövs.",
                $"Draft {number} gives the same numbers as the current decision {previous.Version}; no new decision is needed.");
        var previousNumbers = previous?.Numbers.ToDictionary(n => n.MunicipalityCode, n => n.Kommuntal, StringComparer.Ordinal);
        var version = s.Decisions.Count == 0 ? 1 : s.Decisions.Max(d => d.Version) + 1;
        var decision = new Decision
        {
            Version = version,
            DraftNumber = number,
            Status = DecisionStatus.Decided,
            DecisionDate = request.DecisionDate,
            Diarienummer = request.Diarienummer.Trim(),
            DecidedBy = request.DecidedBy.Trim(),
            PresentedBy = request.PresentedBy.Trim(),
            Lanstal = draft.Lanstal,
            QuotaVersion = draft.QuotaVersion,
            ModelVersion = draft.Result.Parameters.Version,
            Supersedes = previous?.Version,
            // The request's own summary, else the one recorded on the consultation page.
            Texts = (request.Texts ?? new DecisionTexts()) is var texts && string.IsNullOrWhiteSpace(texts.ConsultationSummary) && s.State.ConsultationSummary is { } recorded
                ? texts with { ConsultationSummary = recorded }
                : texts,
            Shares = draft.Shares,
            PreviousShares = previous?.Shares,
            Numbers = draft.Result.Municipalities.OrderBy(m => m.Code, StringComparer.Ordinal)
                .Select(m => new DecidedNumber(m.Code, m.Name, m.Kommuntal,
                    previousNumbers is not null && previousNumbers.TryGetValue(m.Code, out var p) ? p : null, m.Explanation))
                .ToList(),
            DecidedAt = now,
            RecordedBy = actor,
        };
        var state = s.State with { Status = CountyYearStatus.Decided, CurrentDecision = version, ConsultationSummary = null };
        var supersedes = previous is null ? "" : $", ersätter beslut {previous.Version}";
        return Change(s, state, now, actor, "decision.decided",
                $"Beslut {version} (dnr {decision.Diarienummer}) den {SwedishFormat.IsoDate(request.DecisionDate)} av {decision.DecidedBy}, föredragande {decision.PresentedBy}, från förslag {number}{supersedes}; summa {decision.Numbers.Sum(n => n.Kommuntal)}")
            with { Decisions = [decision] };
    }

    /// <summary>
    /// The draft a decision is taken from. Only a proposal can be decided (a what-if was never
    /// consulted on): the one named, which must be a proposal, or else the latest proposal.
    /// </summary>
    public static Draft DecidableDraft(CountyYearSnapshot s, int? number)
    {
        if (number is { } n)
        {
            var named = s.Draft(n) ?? throw DraftNotFound(n);
            if (!IsProposal(named))
                throw Refused($"Utkast {n} är en beräkning (what-if) och kan inte beslutas; bara ett förslag kan beslutas. Besluta ett förslag eller beräkna ett nytt.",
                    $"Draft {n} is a what-if and cannot be decided; only a proposal can. Decide a proposal, or compute a new one.", "not-a-proposal");
            return named;
        }
        return LatestProposal(s)
            ?? throw Refused("Det finns inget förslag att besluta om, bara beräkningar (what-if). Beräkna ett förslag först.",
                "There is no proposal to decide on, only what-ifs. Compute a proposal first.", "no-proposal");
    }

    /// <summary>The latest draft computed as a proposal (not a what-if), or null.</summary>
    public static Draft? LatestProposal(CountyYearSnapshot s) => s.Drafts.Where(IsProposal).MaxBy(d => d.Number);

    public static bool IsProposal(Draft draft) => draft.Purpose == DraftPurpose.Proposal;

    /// <summary>The latest proposal computed for <paramref name="lanstal"/>, or null.</summary>
    public static Draft? LatestProposalFor(CountyYearSnapshot s, int lanstal) => s.Drafts.LastOrDefault(d => IsProposal(d) && d.Lanstal == lanstal);

    /// <summary>
    /// Whether the county-year has no decision for its länstal yet: nothing or only drafts, or a
    /// published decision whose länstal a quota revision changed. (A decided, unpublished decision
    /// is published first.)
    /// </summary>
    /// <summary>True when two decided sets of shares give every municipality the same share after the transfers (both absent counts as the same).</summary>
    private static bool SameShares(CountyShares? a, CountyShares? b) =>
        a is null ? b is null : b is not null && a.Rows.Select(r => (r.MunicipalityCode, r.After)).SequenceEqual(b.Rows.Select(r => (r.MunicipalityCode, r.After)));

    public static bool AwaitsDecision(CountyYearState s) =>
        s.Status is CountyYearStatus.None or CountyYearStatus.Proposal || (s.Status == CountyYearStatus.Published && s.NeedsNewDecision);

    /// <summary>The refusal for a draft number that does not exist (exit 2, HTTP 404).</summary>
    public static NotFoundException DraftNotFound(int number) =>
        new("draft-not-found", $"Förslag {number} finns inte.", $"Draft {number} does not exist.");

    public static CountyYearChange Publish(CountyYearSnapshot s, PublishedDocument document, IReadOnlyList<OutboxMessage> outbox, string actor, DateTimeOffset now)
    {
        var current = s.CurrentDecision;
        if (s.State.Status != CountyYearStatus.Decided || current is null || current.Status != DecisionStatus.Decided)
            throw Refused("Det finns inget fattat, opublicerat beslut att publicera.", "There is no decided, unpublished decision to publish.");
        var decisions = new List<Decision> { current with { Status = DecisionStatus.Published, Document = document } };
        if (current.Supersedes is { } old && s.Decisions.FirstOrDefault(d => d.Version == old) is { } oldDecision)
            decisions.Add(oldDecision with { Status = DecisionStatus.Superseded, SupersededBy = current.Version });
        var state = s.State with { Status = CountyYearStatus.Published, NeedsNewDecision = current.Lanstal != s.State.Lanstal };
        return Change(s, state, now, actor, "decision.published",
                $"Beslut {current.Version} publicerat som {document.Path} ({document.Size} byte); {outbox.Count} meddelanden köade"
                + (current.Supersedes is { } o ? $"; beslut {o} ersatt" : ""), document.Sha256)
            with { Decisions = decisions, NewOutbox = outbox };
    }

    /// <summary>
    /// Records that a proposal was sent for consultation: its document and deadline, and the
    /// notifications to the municipalities (written with it, like a decision's).
    /// </summary>
    public static CountyYearChange PublishProposal(CountyYearSnapshot s, int draftNumber, PublishedDocument document, DateOnly deadline,
        IReadOnlyList<OutboxMessage> outbox, string actor, DateTimeOffset now)
    {
        var draft = s.Draft(draftNumber) ?? throw DraftNotFound(draftNumber);
        if (!IsProposal(draft))
            throw Refused($"Utkast {draftNumber} är en beräkning (what-if) och kan inte skickas på samråd.", $"Draft {draftNumber} is a what-if and cannot be sent for consultation.");
        if (draft.Consultation is not null)
            throw Refused($"Förslag {draftNumber} har redan skickats på samråd.", $"Draft {draftNumber} was already sent for consultation.");
        if (draft.Lanstal != s.State.Lanstal)
            throw Refused($"Förslag {draftNumber} bygger på länstal {draft.Lanstal}, men gällande länstal är {s.State.Lanstal}.",
                $"Draft {draftNumber} uses länstal {draft.Lanstal}, but the current länstal is {s.State.Lanstal}.");
        if (s.State.Status is CountyYearStatus.Decided or CountyYearStatus.Published && !s.State.NeedsNewDecision)
            throw Refused("Länet har redan ett gällande beslut; samråd behövs bara inför ett nytt beslut.",
                "The county already has a current decision; consultation is only needed before a new decision.");
        return Change(s, s.State, now, actor, "proposal.published",
                $"Förslag {draftNumber} skickat på samråd som {document.Path}; svar senast {SwedishFormat.IsoDate(deadline)}; {outbox.Count} meddelanden köade", document.Sha256)
            with { UpdatedDrafts = [draft with { Consultation = new Consultation(document, deadline, actor) }], NewOutbox = outbox };
    }

    /// <summary>A new quota version changed this county's länstal: record it and flag a new decision if one exists.</summary>
    public static CountyYearChange ApplyQuotaRevision(CountyYearSnapshot s, int quotaVersion, int lanstal, string actor, DateTimeOffset now)
    {
        var decided = s.State.Status is CountyYearStatus.Decided or CountyYearStatus.Published;
        var state = s.State with { QuotaVersion = quotaVersion, Lanstal = lanstal, NeedsNewDecision = decided && (s.CurrentDecision?.Lanstal != lanstal) };
        return Change(s, state, now, actor, "quota.revised",
            $"Länstal ändrat från {s.State.Lanstal} till {lanstal} (kvotversion {quotaVersion})" + (state.NeedsNewDecision ? "; nytt beslut krävs" : ""));
    }

    private static CountyYearChange Change(CountyYearSnapshot s, CountyYearState state, DateTimeOffset now, string actor, string action, string details, string? sha = null)
    {
        var seq = s.State.AuditSequence + 1;
        return new CountyYearChange(state with { AuditSequence = seq, UpdatedAt = now })
        {
            Audit = [new AuditEntry(now, actor, action, details, sha)],
        };
    }

    private static InvalidTransitionException Refused(string sv, string en, string code = "invalid-transition") => new(sv, en, code);
}

/// <summary>A step is not allowed in the county-year's current state (exit 3, HTTP 409).</summary>
public sealed class InvalidTransitionException(string messageSv, string messageEn, string code = "invalid-transition")
    : KommuntalException(code, messageSv, messageEn)
{
    public override FailureKind Kind => FailureKind.Conflict;
}
