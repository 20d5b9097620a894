using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Kommuntal.Web.Rendering;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kommuntal.Web.Tests;

/// <summary>Renders components with the real PageRenderer (AddKommuntalWeb) and parses the HTML with AngleSharp.</summary>
internal static class Render
{
    private static readonly ServiceProvider s_services = new ServiceCollection()
        .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
        .AddKommuntalWeb()
        .BuildServiceProvider();

    public static PageRenderer Pages => s_services.GetRequiredService<PageRenderer>();

    public static async Task<string> HtmlAsync<TComponent>(Dictionary<string, object?>? parameters = null) where TComponent : IComponent =>
        System.Text.Encoding.UTF8.GetString(await Pages.RenderAsync<TComponent>(parameters));

    public static async Task<IDocument> DocumentAsync<TComponent>(Dictionary<string, object?>? parameters = null) where TComponent : IComponent =>
        Parse(await HtmlAsync<TComponent>(parameters));

    public static IDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    public static async Task<IDocument> ParseAsync(HtmlPageResult page) => Parse(System.Text.Encoding.UTF8.GetString(page.Body));
}
