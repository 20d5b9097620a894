using Kommuntal.Core.Allocation;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Functions.Api;

namespace Kommuntal.Functions;

/// <summary>
/// The coordinator API: read county-years, compute proposals and what-ifs, record wishes, send a
/// proposal for consultation, decide, publish, read the audit trail. Each function checks access
/// (an unknown county is 404 first), reads its body, makes one call on
/// <see cref="CountyYearService"/> or <see cref="CountyYearQueries"/> and answers with a typed DTO;
/// errors become problem details in <see cref="ProblemMiddleware"/>. Mutations accept If-Match (the
/// ETag returned by GET and by each change); a stale one gets 412. Deciding and publishing require
/// it: without it they get 428.
/// </summary>
public sealed class CoordinatorFunctions(CountyYearService countyYears, CountyYearQueries queries, ReferenceData reference, CoordinatorAccess access)
{
    private const string Base = "countyyears/{year:int}/{county}";

    [Function("ListCountyYears")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "countyyears/{year:int}")] HttpRequest request, int year, CancellationToken ct)
    {
        await access.AuthorizeAsync(request, year, null, national: false, ct);
        return JsonResults.Json(CountyYearStateDto.From(await queries.ListAsync(year, ct)));
    }

    [Function("GetCountyYear")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Base)] HttpRequest request, int year, string county, CancellationToken ct)
    {
        await access.AuthorizeCountyAsync(request, year, county, ct);
        var (c, s) = await queries.GetAsync(year, county, ct);
        return JsonResults.Json(request, CountyYearDto.From(c, s), s.ETag);
    }

    [Function("GetDraft")]
    public async Task<IActionResult> GetDraft(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Base + "/drafts/{number:int}")] HttpRequest request, int year, string county, int number,
        CancellationToken ct)
    {
        await access.AuthorizeCountyAsync(request, year, county, ct);
        var (_, s) = await queries.GetAsync(year, county, ct);
        var draft = s.Draft(number) ?? throw ProblemResults.NotFound($"Draft {number} of {year}-{county} does not exist.");
        return JsonResults.Json(DraftDto.From(draft));
    }

    [Function("CreateDraft")]
    public async Task<IActionResult> CreateDraft(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Base + "/drafts")] HttpRequest request, int year, string county, CancellationToken ct)
    {
        var actor = await access.AuthorizeCountyAsync(request, year, county, ct);
        var body = await JsonBody.ReadOptionalAsync<DraftRequest>(request, ct);
        var (s, draft) = await countyYears.ProposeAsync(year, county, actor, body?.ModelParameters(), DraftPurposes.Parse(body?.Purpose), IfMatch.Optional(request), ct);
        return JsonResults.Json(request, DraftSummaryDto.From(draft), s.ETag, StatusCodes.Status201Created, $"/api/countyyears/{year}/{county}/drafts/{draft.Number}");
    }

    [Function("SendProposalForConsultation")]
    public async Task<IActionResult> Consult(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Base + "/drafts/{number:int}/consultation")] HttpRequest request, int year, string county,
        int number, CancellationToken ct)
    {
        var actor = await access.AuthorizeCountyAsync(request, year, county, ct);
        var body = await JsonBody.ReadOptionalAsync<ConsultationRequest>(request, ct);
        var outcome = await countyYears.PublishProposalAsync(year, county, number, body?.Deadline, actor, IfMatch.Optional(request), ct);
        return JsonResults.Json(request, ConsultationOutcomeDto.From(outcome), outcome.Snapshot.ETag);
    }

    [Function("PutWishes")]
    public async Task<IActionResult> PutWishes(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = Base + "/wishes")] HttpRequest request, int year, string county, CancellationToken ct)
    {
        var actor = await access.AuthorizeCountyAsync(request, year, county, ct);
        var wishes = await JsonBody.ReadAsync<List<Deviation>>(request, ct) ?? [];
        WishValidation.Validate(wishes, reference.County(county), reference, "request body");
        var s = await countyYears.SetWishesAsync(year, county, wishes, actor, IfMatch.Optional(request), ct);
        return JsonResults.Json(request, new WishesDto(s.State.Wishes), s.ETag);
    }

    [Function("Decide")]
    public async Task<IActionResult> Decide(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Base + "/decisions")] HttpRequest request, int year, string county, CancellationToken ct)
    {
        var actor = await access.AuthorizeCountyAsync(request, year, county, ct);
        var ifMatch = IfMatch.Required(request);
        var body = await JsonBody.ReadAsync<DecideRequest>(request, ct);
        var (s, decision) = await countyYears.DecideAsync(year, county, body!.ToDecisionRequest(), actor, ifMatch, ct);
        return JsonResults.Json(request, DecisionDto.From(decision), s.ETag, StatusCodes.Status201Created, $"/api/countyyears/{year}/{county}");
    }

    [Function("Publish")]
    public async Task<IActionResult> Publish(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Base + "/publication")] HttpRequest request, int year, string county, CancellationToken ct)
    {
        var actor = await access.AuthorizeCountyAsync(request, year, county, ct);
        var outcome = await countyYears.PublishAsync(year, county, actor, IfMatch.Required(request), ct);
        return JsonResults.Json(request, PublicationOutcomeDto.From(outcome), outcome.ETag);
    }

    [Function("GetAudit")]
    public async Task<IActionResult> Audit(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Base + "/audit")] HttpRequest request, int year, string county, CancellationToken ct)
    {
        await access.AuthorizeCountyAsync(request, year, county, ct);
        return JsonResults.Json(AuditEntryDto.From(await queries.AuditAsync(year, county, ct)));
    }
}
