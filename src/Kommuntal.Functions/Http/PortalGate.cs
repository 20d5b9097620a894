using Kommuntal.Application.Ports;
using Kommuntal.Application.Security;
using Kommuntal.Core.Validation;
using Kommuntal.Web.Pages.Portal;
using Kommuntal.Web.Rendering;

namespace Kommuntal.Functions.Http;

/// <summary>
/// The door of every portal page (issue 17): the page headers, who is signed in (App Service
/// authentication, or locally the development roles; <see cref="CoordinatorAccess"/>), the access
/// policy (a county's pages need its role, national ones <c>Coordinator.All</c>), for a POST the
/// anti-forgery checks (<see cref="PortalAntiforgery"/>), and errors as HTML pages: 401 with a sign-in
/// link, 403, 404 (a fault is ProblemMiddleware's: the 500 page with the correlation id); a product error the page did not handle is a message
/// page with its Swedish text. Functions then do one thing: call one service and render one page.
/// </summary>
public sealed class PortalGate(CoordinatorAccess access, PortalAntiforgery antiforgery, PageRenderer pages, ReferenceData reference, AccessMetrics metrics,
    ILogger<PortalGate> logger)
{
    private readonly IReadOnlyList<string> _counties = reference.Counties.Select(c => c.Code).ToList();

    /// <summary>A GET: identity and access, then <paramref name="body"/>.</summary>
    public Task<IActionResult> PageAsync(HttpRequest request, int year, string? county, bool national, Func<PortalContext, Task<IActionResult>> body) =>
        EnterAsync(request, year, county, national, null, (context, _) => body(context));

    /// <summary>A POST: origin, identity, access and the form's token, then <paramref name="body"/> with the form.</summary>
    public Task<IActionResult> PostAsync(HttpRequest request, int year, string? county, bool national, Func<PortalContext, IFormCollection, Task<IActionResult>> body) =>
        EnterAsync(request, year, county, national, true, body);

    private async Task<IActionResult> EnterAsync(HttpRequest request, int year, string? county, bool national, bool? post,
        Func<PortalContext, IFormCollection, Task<IActionResult>> body)
    {
        SecurityHeaders.ApplyPage(request.HttpContext.Response);
        var principal = access.Identify(request);
        var user = principal is null ? null : PortalUser.From(principal);
        PageRoutes.SetUser(request.HttpContext, user); // an error page of this request (ProblemMiddleware) in the portal's layout
        if (county is not null && reference.FindCounty(county) is null) return await pages.ErrorAsync(404, user);
        var decision = AccessPolicy.Check(principal, county, national);
        if (!decision.Allowed)
        {
            metrics.Refused(decision.Status, principal is not null, national);
            logger.LogWarning("Portal refused ({Status}) {Method} {Path} for {Principal}: {Reason}", decision.Status, request.Method,
                request.Path.ToUriComponent(), principal?.Name ?? "anonymous", decision.Reason);
            return await pages.ErrorAsync(decision.Status, user, request.Path.ToUriComponent() + request.QueryString.ToUriComponent());
        }
        request.HttpContext.Items[ActorKey] = $"{principal!.Name} ({principal.Source})";
        var context = PortalContext.For(principal!, antiforgery.TokenFor(principal!), year, _counties);
        var form = post is true ? await ReadFormAsync(request) : null;
        if (post is true && Forged(request, principal!, form) is { } forged)
        {
            metrics.Refused(403, true, national);
            logger.LogWarning("Portal refused a forged POST {Path} for {Principal}: {Reason}", request.Path.ToUriComponent(), principal!.Name, forged);
            return await RenderAsync<MessagePage>(context, 403, new()
            {
                [nameof(MessagePage.Title)] = "Formuläret kunde inte tas emot",
                [nameof(MessagePage.Text)] = "Formuläret kom inte från portalens egen sida, eller så var sidan för gammal. Ingenting har ändrats. Öppna sidan i portalen igen och skicka formuläret därifrån.",
            });
        }
        try
        {
            return await body(context, form ?? EmptyForm);
        }
        catch (ConcurrencyConflictException)
        {
            var notice = PageNotice.Conflict(ReloadUrl(request));
            return await RenderAsync<MessagePage>(context, 409, new()
            {
                [nameof(MessagePage.Title)] = notice.Heading,
                [nameof(MessagePage.Text)] = notice.Text,
                [nameof(MessagePage.Link)] = notice.ReloadUrl,
                [nameof(MessagePage.LinkText)] = "Läs in sidan igen",
            });
        }
        catch (ValidationFailedException ex)
        {
            return await RenderAsync<MessagePage>(context, 422, new()
            {
                [nameof(MessagePage.Title)] = "Uppgifterna kunde inte användas",
                [nameof(MessagePage.Text)] = string.Join(" ", ex.Problems.Select(p => p.MessageSv)) + " Ingenting har sparats.",
                [nameof(MessagePage.Link)] = ReloadUrl(request),
                [nameof(MessagePage.LinkText)] = "Tillbaka till sidan",
            });
        }
        catch (KommuntalException ex)
        {
            return await RenderAsync<MessagePage>(context, ex.Kind switch { FailureKind.NotFound => 404, FailureKind.Conflict or FailureKind.Concurrency => 409, _ => 422 }, new()
            {
                [nameof(MessagePage.Title)] = "Det gick inte att göra",
                [nameof(MessagePage.Text)] = ex.MessageSv,
                [nameof(MessagePage.Link)] = county is null ? null : Routes.Portal.County(year, county),
                [nameof(MessagePage.LinkText)] = county is null ? null : "Gå till länets sida",
            });
        }
    }

    private static readonly IFormCollection EmptyForm = new FormCollection(null);

    private static async Task<IFormCollection> ReadFormAsync(HttpRequest request) =>
        request.HasFormContentType ? await request.ReadFormAsync(request.HttpContext.RequestAborted) : EmptyForm;

    private string? Forged(HttpRequest request, Principal principal, IFormCollection? form)
    {
        if (PortalAntiforgery.CrossSiteReason(request) is { } reason) return reason;
        return antiforgery.IsValid(principal, form?[PortalContext.TokenField].ToString()) ? null : "the form's anti-forgery token is missing or not this principal's";
    }

    /// <summary>A portal page with its context: <c>private, no-cache</c>, the status given.</summary>
    public async Task<IActionResult> RenderAsync<TPage>(PortalContext context, int status, Dictionary<string, object?> parameters) where TPage : Microsoft.AspNetCore.Components.IComponent
    {
        parameters["Context"] = context;
        var bytes = await pages.RenderAsync<TPage>(parameters);
        return new HtmlPageResult(bytes, status, PageCache.PrivateRevalidate);
    }

    public Task<IActionResult> RenderAsync<TPage>(PortalContext context, Dictionary<string, object?> parameters) where TPage : Microsoft.AspNetCore.Components.IComponent =>
        RenderAsync<TPage>(context, 200, parameters);

    /// <summary>The 403 page, for a county a form names that the user may not act on.</summary>
    public async Task<IActionResult> ForbiddenAsync(HttpRequest request, PortalContext context)
    {
        metrics.Refused(403, true, false);
        logger.LogWarning("Portal refused {Path} for {Principal}: a county outside the user's roles", request.Path.ToUriComponent(), context.User.Name);
        return await pages.ErrorAsync(403, context.User);
    }

    /// <summary>303 See Other: after a change, the browser reads the page anew with GET (a reload does not send the form again).</summary>
    public static IActionResult SeeOther(HttpRequest request, string url)
    {
        request.HttpContext.Response.Headers.Location = url;
        return new StatusCodeResult(StatusCodes.Status303SeeOther);
    }

    /// <summary>The form's If-Match: the ETag the page was rendered with (null when the form has none).</summary>
    public static string? ETag(IFormCollection form) => form[PortalContext.ETagField].ToString() is { Length: > 0 } e ? e : null;

    /// <summary>
    /// A county's change without a form to show again: through the gate, <paramref name="change"/> with
    /// the form's ETag as If-Match ("missing" when the form has none, which matches no county-year),
    /// then 303 to <paramref name="done"/>.
    /// </summary>
    public Task<IActionResult> ChangeAsync(HttpRequest request, int year, string county, Func<IFormCollection, string, Task> change, string done) =>
        PostAsync(request, year, county, false, async (_, form) =>
        {
            await change(form, ETag(form) ?? "missing");
            return SeeOther(request, done);
        });

    private const string ActorKey = "Kommuntal.Portal.Actor";

    /// <summary>The audit trail's actor, as the API records it ("name (source)").</summary>
    public static string Actor(HttpRequest request) =>
        request.HttpContext.Items.TryGetValue(ActorKey, out var a) && a is string actor ? actor : throw new InvalidOperationException("The portal gate has not established the caller.");

    /// <summary>The page a form was sent from: a POST to a page's own address, or to an action under the county's page.</summary>
    public static string ReloadUrl(HttpRequest request)
    {
        var path = request.Path.ToUriComponent();
        foreach (var action in new[] { "/forslag", "/onskemal" })
            if (path.EndsWith(action, StringComparison.Ordinal)) return path[..^action.Length];
        if (path.EndsWith("/beslut/bekrafta", StringComparison.Ordinal)) return path[..^"/bekrafta".Length];
        if (path.EndsWith("/skicka-igen", StringComparison.Ordinal)) return path[..path.LastIndexOf("/utskick/", StringComparison.Ordinal)] + "/utskick";
        return path;
    }
}
