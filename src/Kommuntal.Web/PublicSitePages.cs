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
        AnswerAsync(string.IsNullOrWhiteSpace(query) ? "start|" : "start|" + PublicSiteView.Fold(query), s =>
            Page<StartPage>(s.Start(query)), cancellationToken);

    public Task<IActionResult> MunicipalityAsync(string slug, CancellationToken cancellationToken) =>
        AnswerAsync("kommun|" + slug, async s =>
            await site.MunicipalityAsync(s, slug, cancellationToken) is { } model ? await Page<MunicipalityPage>(model) : null, cancellationToken);

    public Task<IActionResult> CountyAsync(string slug, CancellationToken cancellationToken) =>
        AnswerAsync("lan|" + slug, s => s.County(slug) is { } model ? Page<CountyPage>(model) : Task.FromResult<IActionResult?>(null), cancellationToken);

    public Task<IActionResult> NationAsync(CancellationToken cancellationToken) =>
        AnswerAsync("riket", s => Page<NationPage>(s.Nation()), cancellationToken);

    public Task<IActionResult> OpenDataAsync(CancellationToken cancellationToken) =>
        AnswerAsync("data", s => Page<OpenDataPage>(s.Years), cancellationToken);

    public Task<IActionResult> AboutKommuntalAsync(CancellationToken cancellationToken) =>
        AnswerAsync("om", s => Page<AboutKommuntalPage>(s.Years), cancellationToken);

    public Task<IActionResult> DataFileAsync(string name, CancellationToken cancellationToken) =>
        AnswerAsync("fil|" + name, s =>
            Task.FromResult<IActionResult?>(OpenDataFile.Parse(name) is { } file && s.OpenData(file.Year) is { } rows
                ? new DownloadResult(OpenDataWriter.Write(file, rows), file.ContentType, file.Name)
                : null), cancellationToken);

    public Task<IActionResult> FeedAsync(CancellationToken cancellationToken) =>
        AnswerAsync("atom", s => Task.FromResult<IActionResult?>(new DownloadResult(DecisionFeed.Write(s, web.Value.Operator), DecisionFeed.ContentType)), cancellationToken);

    /// <summary>The answer made from the current root version, or made now; null from <paramref name="make"/> is a 404 page (not kept).</summary>
    private async Task<IActionResult> AnswerAsync(string key, Func<PublicSiteView, Task<IActionResult?>> make, CancellationToken cancellationToken)
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
