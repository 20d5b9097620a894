using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Kommuntal.Application;
using Kommuntal.Web.Pages.Errors;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kommuntal.Web.Rendering;

/// <summary>
/// Renders a Razor component (a page) to UTF-8 HTML on the server with <see cref="HtmlRenderer"/>:
/// no circuit, no client-side Blazor, no page HTML built from strings. A page gets everything it
/// shows as parameters (the function loads the data first), so rendering does no I/O and takes
/// about a millisecond (docs/benchmarks.md, "Pages").
/// </summary>
public sealed class PageRenderer(IServiceProvider services, ILoggerFactory loggerFactory)
{
    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The component's HTML as UTF-8 bytes (no byte order mark).</summary>
    /// <param name="parameters">By parameter name, e.g. <c>[nameof(MyPage.Model)] = model</c>.</param>
    public Task<byte[]> RenderAsync<TComponent>(IReadOnlyDictionary<string, object?>? parameters = null) where TComponent : IComponent =>
        RenderAsync(typeof(TComponent), parameters);

    public async Task<byte[]> RenderAsync(Type component, IReadOnlyDictionary<string, object?>? parameters = null)
    {
        // A renderer per page: HtmlRenderer keeps every root component it rendered until it is disposed.
        await using var scope = services.CreateAsyncScope();
        await using var renderer = new HtmlRenderer(new RenderServices(scope.ServiceProvider), loggerFactory);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var view = parameters is null ? ParameterView.Empty : ParameterView.FromDictionary(new Dictionary<string, object?>(parameters));
            var root = await renderer.RenderComponentAsync(component, view);
            using var buffer = new MemoryStream(32 * 1024);
            await using (var writer = new StreamWriter(buffer, s_utf8, bufferSize: 16 * 1024, leaveOpen: true))
                root.WriteHtmlTo(writer);
            return buffer.ToArray();
        });
    }

    /// <summary>
    /// A page as the response: <c>text/html; charset=utf-8</c>, an ETag of its bytes and 304 when the
    /// browser already has them. The security headers are the caller's (SecurityHeaders.ApplyPage).
    /// </summary>
    public async Task<HtmlPageResult> PageAsync<TComponent>(IReadOnlyDictionary<string, object?>? parameters = null,
        string cacheControl = PageCache.Revalidate) where TComponent : IComponent =>
        new(await RenderAsync<TComponent>(parameters), 200, cacheControl);

    /// <summary>
    /// An error page (401, 403, 404, 500) in the public layout, or in the portal's when
    /// <paramref name="user"/> is given; a 500 shows the request's correlation id. Never cached.
    /// </summary>
    public async Task<HtmlPageResult> ErrorAsync(int status, PortalUser? user = null, string? returnUrl = null)
    {
        var body = await RenderAsync<ErrorPage>(new Dictionary<string, object?>
        {
            [nameof(ErrorPage.Status)] = status,
            [nameof(ErrorPage.User)] = user,
            [nameof(ErrorPage.CorrelationId)] = status >= 500 ? Correlation.Current : null,
            [nameof(ErrorPage.ReturnUrl)] = returnUrl,
        });
        return new HtmlPageResult(body, status, PageCache.NoStore);
    }
}

/// <summary>
/// The page's services, except that text is encoded as HTML with every letter left as it is: the
/// renderer's default encoder writes "å" as "&amp;#xE5;" (safe, but 6 bytes instead of 2 in every Swedish value).
/// &lt;, &gt;, &amp; and quotes are still encoded. Keyed services pass through.
/// </summary>
internal sealed class RenderServices(IServiceProvider inner) : IKeyedServiceProvider
{
    private static readonly HtmlEncoder s_encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public object? GetService(Type serviceType) => serviceType == typeof(HtmlEncoder) ? s_encoder : inner.GetService(serviceType);

    public object? GetKeyedService(Type serviceType, object? serviceKey) => ((IKeyedServiceProvider)inner).GetKeyedService(serviceType, serviceKey);

    public object GetRequiredKeyedService(Type serviceType, object? serviceKey) => ((IKeyedServiceProvider)inner).GetRequiredKeyedService(serviceType, serviceKey);
}

/// <summary>Cache-Control values for pages.</summary>
public static class PageCache
{
    /// <summary>Public pages: a cache may keep the page but asks every time (ETag → 304).</summary>
    public const string Revalidate = "no-cache";
    /// <summary>Portal pages: only the browser may keep them, and asks every time.</summary>
    public const string PrivateRevalidate = "private, no-cache";
    /// <summary>Error pages and anything that must not be kept.</summary>
    public const string NoStore = "no-store";
}
