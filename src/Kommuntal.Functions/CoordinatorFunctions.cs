using Kommuntal.Application.Ports;
using Kommuntal.Application.Services;
using Kommuntal.Core.Allocation;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Core.Reference;
using Kommuntal.Core.Text;
using Kommuntal.Core.Validation;
using Kommuntal.Functions.Api;
using Kommuntal.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Kommuntal.Functions;

/// <summary>
/// The coordinator API: read county-years, compute proposals and what-ifs, record wishes, send a
/// proposal for consultation, decide, publish, read the audit trail. Each function translates the
/// request into one call on <see cref="CountyYearService"/>. Mutations accept If-Match (the ETag
/// returned by GET and by each change); a stale one gets 412. Deciding and publishing require it:
/// without it they get 428.
/// </summary>
public sealed class CoordinatorFunctions(CountyYearService countyYears, ICountyYearStore store, ReferenceData reference, CoordinatorAccess access)
{
    private const string Base = "countyyears/{year:int}/{county}";

    [Function("ListCountyYears")]
    public Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "countyyears/{year:int}")] HttpRequest request, int year, CancellationToken ct) =>
        Handle(request, year, null, async () =>
        {
            var states = (await store.ListStatesAsync(year, ct)).ToDictionary(s => s.CountyCode);
            return ProblemResults.Json(reference.Counties.Select(c =>
                CountyYearDtos.State(states.GetValueOrDefault(c.Code) ?? new CountyYearState(year, c.Code), c.Name)));
        });

    [Function("GetCountyYear")]
    public Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Base)] HttpRequest request, int year, string county, CancellationToken ct) =>
        Handle(request, year, county, async () =>
        {
            var s = await countyYears.LoadAsync(year, county, ct);
            return WithETag(request, ProblemResults.Json(CountyYearDtos.Snapshot(s, reference.County(county).Name)), s.ETag);
        });

    [Function("GetDraft")]
    public Task<IActionResult> GetDraft(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Base + "/drafts/{number:int}")] HttpRequest request, int year, string county, int number,
        CancellationToken ct) =>
        Handle(request, year, county, async () =>
        {
            var s = await countyYears.LoadAsync(year, county, ct);
            return s.Draft(number) is { } d
                ? ProblemResults.Json(CountyYearDtos.Draft(d))
                : ProblemResults.Problem(request, 404, "Not found", $"Draft {number} of {year}-{county} does not exist.", "not-found");
        });

    [Function("CreateDraft")]
    public Task<IActionResult> CreateDraft(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Base + "/drafts")] HttpRequest request, int year, string county, CancellationToken ct) =>
        Handle(request, year, county, async () =>
        {
            var body = await JsonBody.ReadAsync<DraftRequest>(request, ct, optional: true);
            var (s, draft) = await countyYears.ProposeAsync(year, county, Actor.Of(request), body?.ModelParameters(), DraftPurposes.Parse(body?.Purpose), ct, IfMatch(request));
            var result = WithETag(request, ProblemResults.Json(CountyYearDtos.DraftSummary(draft), 201), s.ETag);
            request.HttpContext.Response.Headers.Location = $"/api/countyyears/{year}/{county}/drafts/{draft.Number}";
            return result;
        });

    [Function("SendProposalForConsultation")]
    public Task<IActionResult> Consult(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Base + "/drafts/{number:int}/consultation")] HttpRequest request, int year, string county,
        int number, CancellationToken ct) =>
        Handle(request, year, county, async () =>
        {
            var body = await JsonBody.ReadAsync<ConsultationRequest>(request, ct, optional: true);
            var outcome = await countyYears.PublishProposalAsync(year, county, number, body?.Deadline, Actor.Of(request), ct, IfMatch(request));
            return WithETag(request, ProblemResults.Json(new
            {
                draft = CountyYearDtos.DraftSummary(outcome.Draft),
                queued = outcome.Queued.Count,
                withoutAddress = outcome.WithoutAddress.Select(m => new { code = m.Code, name = m.Name }),
            }), outcome.Snapshot.ETag);
        });

    [Function("PutWishes")]
    public Task<IActionResult> PutWishes(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = Base + "/wishes")] HttpRequest request, int year, string county, CancellationToken ct) =>
        Handle(request, year, county, async () =>
        {
            var wishes = await JsonBody.ReadAsync<List<Deviation>>(request, ct) ?? [];
            WishValidation.Validate(wishes, reference.County(county), reference, "request body");
            var s = await countyYears.SetWishesAsync(year, county, wishes, Actor.Of(request), ct, IfMatch(request));
            return WithETag(request, ProblemResults.Json(new { wishes = s.State.Wishes }), s.ETag);
        });

    [Function("Decide")]
    public Task<IActionResult> Decide(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Base + "/decisions")] HttpRequest request, int year, string county, CancellationToken ct) =>
        Handle(request, year, county, async () =>
        {
            if (RequiredIfMatch(request) is not { } ifMatch) return ProblemResults.PreconditionRequired(request);
            var b = await JsonBody.ReadAsync<DecideRequest>(request, ct);
            var problems = new ProblemList("request body");
            if (b!.DecisionDate is null) problems.Add(null, "decisionDate", "missing-value", "Beslutsdatum saknas.", "decisionDate is required.");
            DecisionRequestValidation.Check(problems, b.Diarienummer, b.DecidedBy, b.PresentedBy, b.Texts);
            problems.ThrowIfAny();
            var (s, decision) = await countyYears.DecideAsync(year, county,
                new DecisionRequest(b.DecisionDate!.Value, b.Diarienummer!, b.DecidedBy!, b.PresentedBy!, b.Texts, b.Draft), Actor.Of(request), ct, ifMatch);
            request.HttpContext.Response.Headers.Location = $"/api/countyyears/{year}/{county}";
            return WithETag(request, ProblemResults.Json(CountyYearDtos.Decision(decision), 201), s.ETag);
        });

    [Function("Publish")]
    public Task<IActionResult> Publish(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Base + "/publication")] HttpRequest request, int year, string county, CancellationToken ct) =>
        Handle(request, year, county, async () =>
        {
            if (RequiredIfMatch(request) is not { } ifMatch) return ProblemResults.PreconditionRequired(request);
            var outcome = await countyYears.PublishAsync(year, county, Actor.Of(request), ct, ifMatch);
            return WithETag(request, ProblemResults.Json(new
            {
                decision = CountyYearDtos.Decision(outcome.Decision),
                queued = outcome.Queued.Count,
                withoutAddress = outcome.WithoutAddress.Select(m => new { code = m.Code, name = m.Name }),
            }), outcome.ETag);
        });

    [Function("GetAudit")]
    public Task<IActionResult> Audit(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Base + "/audit")] HttpRequest request, int year, string county, CancellationToken ct) =>
        Handle(request, year, county, async () =>
        {
            var entries = await store.ReadAuditAsync(year, reference.County(county).Code, ct);
            return ProblemResults.Json(entries.Select(e => new
            {
                at = e.At,
                atSwedishTime = SwedishFormat.SwedishTime(e.At).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
                actor = e.Actor,
                action = e.Action,
                details = e.Details,
                contentSha256 = e.ContentSha256,
            }));
        });

    /// <summary>The county-year's ETag is the state row's storage ETag, already an HTTP entity tag (W/"datetime'…'").</summary>
    private static string? IfMatch(HttpRequest request) =>
        request.Headers.IfMatch.FirstOrDefault() is { Length: > 0 } v ? v.Trim() : null;

    /// <summary>
    /// Deciding and publishing act on what the caller has seen, so they need its ETag: null (answer
    /// 428) without If-Match or with '*'.
    /// </summary>
    private static string? RequiredIfMatch(HttpRequest request) => IfMatch(request) is { } v && v != "*" ? v : null;

    private static IActionResult WithETag(HttpRequest request, IActionResult result, string? etag)
    {
        if (etag is not null) request.HttpContext.Response.Headers.ETag = etag;
        return result;
    }

    /// <summary>Security headers; unknown county → 404; access check; the product's errors → problem details.</summary>
    private async Task<IActionResult> Handle(HttpRequest request, int year, string? county, Func<Task<IActionResult>> body)
    {
        SecurityHeaders.Apply(request.HttpContext.Response, html: false);
        if (county is not null && reference.FindCounty(county) is null)
            return ProblemResults.Problem(request, 404, "Not found", $"There is no county with code '{county}'.", "not-found");
        if (await access.AuthorizeAsync(request, year, county, national: false, request.HttpContext.RequestAborted) is { } refused)
            return refused;
        try
        {
            return await body();
        }
        catch (Exception ex) when (ex is ValidationFailedException or KommuntalException)
        {
            return ProblemResults.From(request, ex);
        }
    }
}
