using Kommuntal.Application.Portal;
using Kommuntal.Core.Validation;
using Kommuntal.Web.Components;
using Kommuntal.Web.Pages.Portal;

namespace Kommuntal.Functions;

/// <summary>
/// The coordinators' portal, the changes (issue 17): every one a POST through <see cref="PortalGate"/>
/// (origin and anti-forgery token, identity, access), the form's ETag sent on as If-Match, one call
/// to the service the API uses, then 303 to the page (or the form again with its errors, 422). A stale
/// ETag is a conflict page (409) and nothing is stored.
/// </summary>
public sealed class PortalFormFunctions(CountyYearService countyYears, PortalService portal, NotificationResendService resend, PortalGate gate, ReferenceData reference,
    TimeProvider clock)
{
    [Function("PostPortalProposal")]
    public Task<IActionResult> Proposal(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Portal.ProposalRoute)] HttpRequest request, int year, string county, CancellationToken ct) =>
        gate.ChangeAsync(request, year, county,
            (_, ifMatch) => countyYears.ProposeAsync(year, county, PortalGate.Actor(request), null, Core.Lifecycle.DraftPurpose.Proposal, ifMatch, ct),
            Routes.Portal.County(year, county) + "?klart=forslag");

    [Function("PostPortalWishes")]
    public Task<IActionResult> Wishes(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Portal.WishesRoute)] HttpRequest request, int year, string county, CancellationToken ct) =>
        gate.PostAsync(request, year, county, false, async (c, form) =>
        {
            var errors = new FormErrors();
            var rows = WishRow.Read(name => form.TryGetValue(name, out var v) ? v.ToString() : null);
            var wishes = WishRow.Parse(rows, reference.County(county), reference, errors);
            if (errors.Any)
                return await gate.RenderAsync<CountyYearPage>(c, 422, new()
                {
                    [nameof(CountyYearPage.View)] = await portal.CountyYearAsync(year, county, ct),
                    [nameof(CountyYearPage.Errors)] = errors,
                    [nameof(CountyYearPage.WishRows)] = rows,
                });
            await countyYears.SetWishesAsync(year, county, wishes, PortalGate.Actor(request), PortalGate.ETag(form) ?? "missing", ct);
            return PortalGate.SeeOther(request, Routes.Portal.County(year, county) + "?klart=onskemal");
        });

    /// <summary>A what-if is computed, not stored; a POST all the same, as it carries a whole form of deviations.</summary>
    [Function("PostPortalWhatIf")]
    public Task<IActionResult> WhatIf(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Portal.WhatIfRoute)] HttpRequest request, int year, string county, CancellationToken ct) =>
        gate.PostAsync(request, year, county, false, async (c, form) =>
        {
            var errors = new FormErrors();
            var parameters = PortalForms.Parameters(form, Core.Allocation.ModelParameters.Default, errors);
            var rows = WishRow.Read(name => form.TryGetValue(name, out var v) ? v.ToString() : null);
            var deviations = WishRow.Parse(rows, reference.County(county), reference, errors);
            var model = await portal.WhatIfAsync(year, county, errors.Any ? null : parameters, errors.Any ? null : deviations, ct);
            return await gate.RenderAsync<WhatIfPage>(c, errors.Any ? 422 : 200, new()
            {
                [nameof(WhatIfPage.Model)] = model,
                [nameof(WhatIfPage.Errors)] = errors,
                [nameof(WhatIfPage.Values)] = PortalForms.Values(form),
                [nameof(WhatIfPage.WishRows)] = rows,
            });
        });

    [Function("PostPortalConsultation")]
    public Task<IActionResult> Consultation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Portal.ConsultationRoute)] HttpRequest request, int year, string county, CancellationToken ct) =>
        gate.PostAsync(request, year, county, false, async (c, form) =>
        {
            if (form[SummaryAction].ToString() == "sammanfattning") return await ConsultationSummaryAsync(request, year, county, c, form, ct);
            var errors = new FormErrors();
            var deadline = PortalForms.Date(form, "sista-dag", "sista dag för svar", errors, required: true);
            if (deadline < PortalForms.Today(clock))
                errors.Add("sista-dag", "Sista dag för svar kan inte vara före i dag. Skriv ett senare datum.");
            if (errors.Any)
                return await gate.RenderAsync<ConsultationPage>(c, 422, new()
                {
                    [nameof(ConsultationPage.View)] = await portal.CountyYearAsync(year, county, ct),
                    [nameof(ConsultationPage.Errors)] = errors,
                    [nameof(ConsultationPage.Values)] = PortalForms.Values(form),
                });
            await countyYears.PublishProposalAsync(year, county, PortalForms.Int(form, "forslag"), deadline, PortalGate.Actor(request), PortalGate.ETag(form) ?? "missing", ct);
            return PortalGate.SeeOther(request, Routes.Portal.Consultation(year, county) + "?klart=samrad");
        });

    /// <summary>The consultation page's second form (<c>atgard=sammanfattning</c>): the summary the next decision takes.</summary>
    private async Task<IActionResult> ConsultationSummaryAsync(HttpRequest request, int year, string county, PortalContext c, IFormCollection form, CancellationToken ct)
    {
        var errors = new FormErrors();
        var summary = PortalForms.ConsultationSummary(form, errors);
        if (errors.Any)
            return await gate.RenderAsync<ConsultationPage>(c, 422, new()
            {
                [nameof(ConsultationPage.View)] = await portal.CountyYearAsync(year, county, ct),
                [nameof(ConsultationPage.Errors)] = errors,
                [nameof(ConsultationPage.Values)] = PortalForms.Values(form),
            });
        await countyYears.RecordConsultationSummaryAsync(year, county, summary, PortalGate.Actor(request), PortalGate.ETag(form) ?? "missing", ct);
        return PortalGate.SeeOther(request, Routes.Portal.Consultation(year, county) + "?klart=sammanfattning");
    }

    /// <summary>The field that tells the consultation page's two forms apart.</summary>
    public const string SummaryAction = "atgard";

    /// <summary>Step 1 of deciding: the form checked, then the confirmation of exactly what will be decided (nothing stored yet).</summary>
    [Function("PostPortalDecision")]
    public Task<IActionResult> Decision(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Portal.DecisionRoute)] HttpRequest request, int year, string county, CancellationToken ct) =>
        gate.PostAsync(request, year, county, false, async (c, form) =>
        {
            var errors = new FormErrors();
            var decision = PortalForms.Decision(form, errors);
            var view = await portal.CountyYearAsync(year, county, ct);
            if (view.FormETag != PortalGate.ETag(form)) throw new Application.Ports.ConcurrencyConflictException($"County-year {year}-{county} changed before the confirmation.");
            if (decision is null || view.Snapshot.Draft(decision.DraftNumber ?? 0) is not { } draft)
                return await gate.RenderAsync<DecisionPage>(c, 422, new()
                {
                    [nameof(DecisionPage.View)] = view,
                    [nameof(DecisionPage.Errors)] = errors.Any ? errors : errors.Add("dnr", "Förslaget som skulle beslutas finns inte. Läs in sidan igen."),
                    [nameof(DecisionPage.Values)] = PortalForms.Values(form),
                });
            return await gate.RenderAsync<DecisionConfirmPage>(c, new()
            {
                [nameof(DecisionConfirmPage.View)] = view,
                [nameof(DecisionConfirmPage.Draft)] = draft,
                [nameof(DecisionConfirmPage.Request)] = decision,
                [nameof(DecisionConfirmPage.Values)] = PortalForms.Values(form),
            });
        });

    /// <summary>Step 2: the confirmed decision, with the ETag the confirmation showed.</summary>
    [Function("PostPortalDecisionConfirm")]
    public Task<IActionResult> DecisionConfirm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Portal.DecisionConfirmRoute)] HttpRequest request, int year, string county, CancellationToken ct) =>
        gate.ChangeAsync(request, year, county, (form, ifMatch) =>
            {
                var decision = PortalForms.Decision(form, new FormErrors())
                    ?? throw new ValidationFailedException([new ValidationProblem("form", null, "dnr", "invalid-form", "Beslutsuppgifterna är ofullständiga. Fyll i formuläret igen.", "The decision form is incomplete.")]);
                return countyYears.DecideAsync(year, county, decision, PortalGate.Actor(request), ifMatch, ct);
            },
            Routes.Portal.Publication(year, county) + "?klart=beslut");

    [Function("PostPortalPublication")]
    public Task<IActionResult> Publication(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Portal.PublicationRoute)] HttpRequest request, int year, string county, CancellationToken ct) =>
        gate.ChangeAsync(request, year, county,
            (_, ifMatch) => countyYears.PublishAsync(year, county, PortalGate.Actor(request), ifMatch, ct),
            Routes.Portal.Publication(year, county) + "?klart=publicerat");

    [Function("PostPortalResend")]
    public Task<IActionResult> Resend(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Portal.ResendRoute)] HttpRequest request, int year, string county, string id, CancellationToken ct) =>
        gate.ChangeAsync(request, year, county,
            (_, _) => resend.ResendAsync(year, reference.County(county).Code, id, null, PortalGate.Actor(request), ct),
            Routes.Portal.Notifications(year, county) + "?klart=skickas-igen");
}
