using Kommuntal.Core.Lifecycle;

namespace Kommuntal.Functions.Api;

/// <summary>The JSON shapes of the coordinator API (see /api/openapi.json).</summary>
public static class CountyYearDtos
{
    public static object State(CountyYearState s, string countyName) => new
    {
        year = s.Year,
        county = s.CountyCode,
        countyName,
        status = s.Status,
        lanstal = s.Lanstal,
        quotaVersion = s.QuotaVersion,
        latestDraft = s.LatestDraft,
        currentDecision = s.CurrentDecision,
        needsNewDecision = s.NeedsNewDecision,
        updatedAt = s.UpdatedAt,
    };

    public static object Snapshot(CountyYearSnapshot s, string countyName) => new
    {
        state = State(s.State, countyName),
        wishes = s.State.Wishes,
        drafts = s.Drafts.Select(DraftSummary),
        decisions = s.Decisions.Select(Decision),
        notifications = s.Outbox.Select(o => new
        {
            id = o.Id,
            kind = o.Kind,
            version = o.SourceVersion,
            recipient = o.RecipientKey,
            email = o.RecipientEmail,
            status = o.Status,
            attempts = o.Attempts,
            sentAt = o.SentAt,
            providerStatus = o.ProviderStatus,
            lastError = o.LastError,
        }),
    };

    public static object DraftSummary(Draft d) => new
    {
        number = d.Number,
        purpose = d.Purpose,
        lanstal = d.Lanstal,
        quotaVersion = d.QuotaVersion,
        modelVersion = d.Result.Parameters.Version,
        method = d.Result.Parameters.Method,
        deviations = d.Deviations.Count,
        createdBy = d.CreatedBy,
        createdAt = d.CreatedAt,
        consultation = d.Consultation is { } c ? new { document = c.Document.Path, sha256 = c.Document.Sha256, deadline = c.Deadline, sentBy = c.SentBy } : null,
        numbers = d.Result.Municipalities.Select(m => new { code = m.Code, name = m.Name, kommuntal = m.Kommuntal }),
    };

    public static object Draft(Draft d) => new
    {
        summary = DraftSummary(d),
        indicatorsSource = d.IndicatorsSource,
        deviationList = d.Deviations,
        result = d.Result,
    };

    public static object Decision(Decision d) => new
    {
        version = d.Version,
        status = d.Status,
        draft = d.DraftNumber,
        decisionDate = d.DecisionDate,
        diarienummer = d.Diarienummer,
        decidedBy = d.DecidedBy,
        presentedBy = d.PresentedBy,
        lanstal = d.Lanstal,
        quotaVersion = d.QuotaVersion,
        modelVersion = d.ModelVersion,
        supersedes = d.Supersedes,
        supersededBy = d.SupersededBy,
        texts = d.Texts,
        document = d.Document is { } doc ? new { path = doc.Path, sha256 = doc.Sha256, size = doc.Size, publishedAt = doc.PublishedAt } : null,
        numbers = d.Numbers.Select(n => new { code = n.MunicipalityCode, name = n.Name, kommuntal = n.Kommuntal, previous = n.Previous }),
        decidedAt = d.DecidedAt,
        recordedBy = d.RecordedBy,
    };
}

/// <summary>
/// Body of POST .../drafts. <c>parameters</c> is a parameter set in the format of a parameter file
/// (README, "Model parameters"), read and validated by the same loader.
/// </summary>
public sealed record DraftRequest(string? Purpose, System.Text.Json.JsonElement? Parameters)
{
    public Core.Allocation.ModelParameters? ModelParameters() =>
        Parameters is { ValueKind: not System.Text.Json.JsonValueKind.Null and not System.Text.Json.JsonValueKind.Undefined } p
            ? Core.Allocation.ModelParametersJson.Parse(Core.Ingestion.InputFile.FromText("request body: parameters", p.GetRawText()))
            : null;
}

/// <summary>Body of POST .../decisions.</summary>
public sealed record DecideRequest(DateOnly? DecisionDate, string? Diarienummer, string? DecidedBy, string? PresentedBy, int? Draft, DecisionTexts? Texts);

/// <summary>Body of POST .../drafts/{n}/consultation.</summary>
public sealed record ConsultationRequest(DateOnly? Deadline);
