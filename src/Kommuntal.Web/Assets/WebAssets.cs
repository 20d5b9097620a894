using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Kommuntal.Web.Assets;

/// <summary>
/// The stylesheet and the progressive-enhancement scripts, embedded in this assembly
/// (<c>Assets/css/*.css</c>, <c>Assets/scripts/*.js</c>) and served by <c>GET /api/assets/{name}</c>
/// under a fingerprinted name: <c>site.css</c> → <c>site.1a2b3c4d.css</c> (the first 8 hex digits of
/// its SHA-256). A new version of a file is a new URL, so each URL is cached for a year.
/// </summary>
public sealed class WebAssets
{
    private const string ResourcePrefix = "Kommuntal.Web.Assets.";
    public const string CacheControl = "public, max-age=31536000, immutable";

    /// <summary>The stylesheet every page links.</summary>
    public const string Stylesheet = "site.css";

    private readonly Dictionary<string, Asset> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Asset> _byFingerprintedName = new(StringComparer.Ordinal);

    public WebAssets()
    {
        var assembly = typeof(WebAssets).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var content = copy.ToArray();
            var name = resource[ResourcePrefix.Length..];
            var hash = SHA256.HashData(content);
            var fingerprinted = $"{Path.GetFileNameWithoutExtension(name)}.{Convert.ToHexStringLower(hash)[..8]}{Path.GetExtension(name)}";
            var asset = new Asset(name, fingerprinted, ContentTypeOf(name), content, "\"" + Convert.ToHexStringLower(hash[..16]) + "\"");
            _byName[name] = asset;
            _byFingerprintedName[fingerprinted] = asset;
        }
        Scripts = _byName.Keys.Where(n => n.EndsWith(".js", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Every embedded asset, by its plain name (<c>site.css</c>).</summary>
    public IReadOnlyCollection<Asset> All => _byName.Values;

    /// <summary>The scripts every page loads (deferred; none is needed for any flow).</summary>
    public IReadOnlyList<string> Scripts { get; }

    /// <summary>The fingerprinted URL of an asset by its plain name: <c>/api/assets/site.1a2b3c4d.css</c>.</summary>
    public string Url(string name) => _byName.TryGetValue(name, out var asset)
        ? Routes.Asset(asset.FingerprintedName)
        : throw new ArgumentException($"No embedded asset '{name}' (Kommuntal.Web/Assets).", nameof(name));

    /// <summary>The asset under a fingerprinted name, or null (a plain or outdated name is not served).</summary>
    public Asset? Find(string fingerprintedName) => _byFingerprintedName.GetValueOrDefault(fingerprintedName);

    private static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        var other => throw new InvalidOperationException($"Asset '{name}': no content type for '{other}'."),
    };
}

/// <summary>One embedded file.</summary>
public sealed record Asset(string Name, string FingerprintedName, string ContentType, byte[] Content, string ETag)
{
    /// <summary>The file with immutable caching; 304 when the browser sends its ETag back.</summary>
    public IActionResult Result() => new AssetResult(this);
}

internal sealed class AssetResult(Asset asset) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        var http = context.HttpContext;
        var response = http.Response;
        response.Headers.CacheControl = WebAssets.CacheControl;
        response.Headers.ETag = asset.ETag;
        if (Rendering.ETags.NoneMatchHas(http.Request, asset.ETag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = asset.ContentType;
        response.ContentLength = asset.Content.Length;
        if (!HttpMethods.IsHead(http.Request.Method))
            await response.Body.WriteAsync(asset.Content, http.RequestAborted);
    }
}
