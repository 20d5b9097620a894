using System.Collections.Concurrent;
using Kommuntal.Application.PublicSite;
using Kommuntal.Web.Feed;
using Kommuntal.Web.OpenData;
using Kommuntal.Web.Pages.Public;
using Kommuntal.Web.Rendering;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Kommuntal.Web;

/// <summary>
/// The public site's answers (issue 18): each page, data file and the feed is made once per version
/// of the published root index and then served from memory (a strong ETag of its bytes, 304 on
/// If-None-Match). A new root version drops everything made from the old one. At most
/// <see cref="MaxEntries"/> answers are kept per version (searches are many); beyond that they are made per request.
/// </summary>
public sealed class PublicSitePages(PublicSiteService site, PageRenderer renderer, IOptions<WebOptions> web)
{
    public const int MaxEntries = 4096;

    private sealed record Generation(string Version, ConcurrentDictionary<string, IActionResult> Answers);
    private Generation _generation = new("", new(StringComparer.Ordinal));

    public Task<IActionResult> StartAsync(string? query, CancellationToken cancellationToken) =>
        AnswerAsync(string.IsNullOrWhiteSpace(query) ? "start|" : "start|" + PublicSiteView.Fold(query), cancellationToken, s =>
            Page<StartPage>(s.Start(query)));

    public Task<IActionResult> MunicipalityAsync(string slug, CancellationToken cancellationToken) =>
        AnswerAsync("kommun|" + slug, cancellationToken, async s =>
            await site.MunicipalityAsync(s, slug, cancellationToken) is { } model ? await Page<MunicipalityPage>(model) : null);

    public Task<IActionResult> CountyAsync(string slug, CancellationToken cancellationToken) =>
        AnswerAsync("lan|" + slug, cancellationToken, s => s.County(slug) is { } model ? Page<CountyPage>(model) : Task.FromResult<IActionResult?>(null));

    public Task<IActionResult> NationAsync(CancellationToken cancellationToken) =>
        AnswerAsync("riket", cancellationToken, s => Page<NationPage>(s.Nation()));

    public Task<IActionResult> OpenDataAsync(CancellationToken cancellationToken) =>
        AnswerAsync("data", cancellationToken, s => Page<OpenDataPage>(s.Years));

    public Task<IActionResult> AboutKommuntalAsync(CancellationToken cancellationToken) =>
        AnswerAsync("om", cancellationToken, s => Page<AboutKommuntalPage>(s.Years));

    public Task<IActionResult> DataFileAsync(string name, CancellationToken cancellationToken) =>
        AnswerAsync("fil|" + name, cancellationToken, s =>
            Task.FromResult<IActionResult?>(OpenDataFile.Parse(name) is { } file && s.OpenData(file.Year) is { } rows
                ? new DownloadResult(OpenDataWriter.Write(file, rows), file.ContentType, file.Name)
                : null));

    public Task<IActionResult> FeedAsync(CancellationToken cancellationToken) =>
        AnswerAsync("atom", cancellationToken, s => Task.FromResult<IActionResult?>(new DownloadResult(DecisionFeed.Write(s, web.Value.Operator), DecisionFeed.ContentType)));

    /// <summary>The answer made from the current root version, or made now; null from <paramref name="make"/> is a 404 page (not kept).</summary>
    private async Task<IActionResult> AnswerAsync(string key, CancellationToken cancellationToken, Func<PublicSiteView, Task<IActionResult?>> make)
    {
        var view = await site.SiteAsync(cancellationToken);
        var generation = Volatile.Read(ref _generation);
        if (generation.Version != view.Version)
        {
            var fresh = new Generation(view.Version, new(StringComparer.Ordinal));
            generation = Interlocked.CompareExchange(ref _generation, fresh, generation) == generation ? fresh : Volatile.Read(ref _generation);
        }
        if (generation.Answers.TryGetValue(key, out var kept)) return kept;
        var made = await make(view);
        if (made is null) return await renderer.ErrorAsync(404);
        if (generation.Version == view.Version && generation.Answers.Count < MaxEntries) generation.Answers.TryAdd(key, made);
        return made;
    }

    private async Task<IActionResult?> Page<TPage>(object model) where TPage : IComponent =>
        await renderer.PageAsync<TPage>(new Dictionary<string, object?> { ["Model"] = model });
}
