using System.Text;
using System.Text.Json;
using Kommuntal.Testing;
using Microsoft.Playwright;

namespace Kommuntal.Web.Tests.Browser;

/// <summary>
/// The checks every page gets (docs/web.md, "Browser tests"): axe-core with the WCAG 2.1 A and AA
/// rules, keyboard reachability with visible focus, no sideways scrolling at 320 px and at 200 %,
/// no CSP violation, and screenshots.
/// </summary>
public static class PageChecks
{
    public static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    private static readonly string s_axePath = Samples.Path("node_modules", "axe-core", "axe.min.js");

    /// <summary>
    /// Injects axe-core (from node_modules, pinned in package-lock.json) and fails with every violation and
    /// its nodes. The page's context must bypass the CSP (<c>NewPageAsync(bypassCsp: true)</c>): the
    /// injected script is inline.
    /// </summary>
    public static async Task AssertNoAxeViolationsAsync(IPage page)
    {
        Assert.True(File.Exists(s_axePath), $"axe-core is not installed at {s_axePath}: run npm ci (scripts/test.sh does).");
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = s_axePath });
        var json = await page.EvaluateAsync<JsonElement>(
            "async tags => { const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });" +
            " return { engine: r.testEngine.version, passes: r.passes.length, violations: r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl," +
            " nodes: v.nodes.map(n => ({ target: n.target.join(' '), html: n.html, summary: n.failureSummary })) })) }; }",
            WcagTags);
        Assert.True(json.GetProperty("passes").GetInt32() > 5, "axe-core ran almost no rule: is the page empty?");
        var violations = json.GetProperty("violations");
        if (violations.GetArrayLength() == 0) return;
        var report = new StringBuilder($"axe-core {json.GetProperty("engine")} found {violations.GetArrayLength()} violation(s) on {page.Url}:\n");
        foreach (var v in violations.EnumerateArray())
        {
            report.Append($"- {v.GetProperty("id")} ({v.GetProperty("impact")}): {v.GetProperty("help")} {v.GetProperty("helpUrl")}\n");
            foreach (var n in v.GetProperty("nodes").EnumerateArray())
                report.Append($"    {n.GetProperty("target")}: {n.GetProperty("html")}\n      {n.GetProperty("summary").GetString()?.Replace("\n", "\n      ")}\n");
        }
        Assert.Fail(report.ToString());
    }

    /// <summary>
    /// Tabs through a freshly loaded page from the top and checks that every link and control is reached, in document
    /// order, each with a visible focus indicator. Returns what was focused, in order (text or id).
    /// </summary>
    public static async Task<IReadOnlyList<string>> AssertKeyboardReachableAsync(IPage page)
    {
        var count = await page.EvaluateAsync<int>(
            "() => { const els = [...document.querySelectorAll('a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), [tabindex]')]" +
            ".filter(e => e.tabIndex >= 0 && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden');" +
            " els.forEach((e, i) => e.dataset.ktOrder = i); return els.length; }");
        Assert.True(count > 0, "The page has nothing to focus.");
        Assert.True(await page.EvaluateAsync<bool>("() => document.activeElement === document.body && scrollY === 0"),
            "Start from a freshly loaded page: Tab continues from the last focused element, so the walk would not start at the top.");
        var reached = new List<string>();
        for (var i = 0; i < count; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<JsonElement>(
                "() => { const e = document.activeElement; const s = getComputedStyle(e); const r = e.getBoundingClientRect();" +
                " const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 && !/rgba\\(.*, 0\\)$|transparent/.test(s.outlineColor);" +
                " return { order: e.dataset.ktOrder ?? null, name: (e.id ? '#' + e.id + ' ' : '') + (e.textContent || e.getAttribute('aria-label') || e.name || e.tagName).trim().replace(/\\s+/g, ' ').slice(0, 60)," +
                " visible: outline || s.boxShadow !== 'none', inView: r.bottom > 0 && r.top < innerHeight && r.width > 0 && r.height > 0 }; }");
            var name = focused.GetProperty("name").GetString()!;
            Assert.True(focused.GetProperty("order").ValueKind == JsonValueKind.String, $"Tab {i + 1} focused '{name}', which is not a link or control of the page.");
            Assert.True(int.Parse(focused.GetProperty("order").GetString()!) == i, $"Tab {i + 1} focused '{name}' out of document order (expected element {i}).");
            Assert.True(focused.GetProperty("visible").GetBoolean(), $"'{name}' has no visible focus indicator (outline or box-shadow).");
            Assert.True(focused.GetProperty("inView").GetBoolean(), $"'{name}' is focused outside the viewport.");
            reached.Add(name);
        }
        return reached;
    }

    /// <summary>
    /// Fails when the page scrolls sideways or any element outside a scrolling table region reaches past
    /// the viewport (WCAG 1.4.10; data tables may scroll within their region).
    /// </summary>
    public static async Task AssertNoHorizontalScrollAsync(IPage page)
    {
        var result = await page.EvaluateAsync<JsonElement>(
            "() => { const w = document.documentElement.clientWidth;" +
            " const offenders = [...document.body.querySelectorAll('*')].filter(e => !e.closest('.table-wrap') && !e.closest('.visually-hidden') && !e.classList.contains('skip-link'))" +
            ".filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.right > w + 1; })" +
            ".map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' right=' + Math.round(e.getBoundingClientRect().right));" +
            " return { scrollWidth: document.documentElement.scrollWidth, width: w, offenders: offenders.slice(0, 10) }; }");
        var offenders = result.GetProperty("offenders").EnumerateArray().Select(o => o.GetString()).ToList();
        Assert.True(result.GetProperty("scrollWidth").GetInt32() <= result.GetProperty("width").GetInt32() && offenders.Count == 0,
            $"The page scrolls sideways at {result.GetProperty("width")} px (scrollWidth {result.GetProperty("scrollWidth")}): {string.Join(", ", offenders)}");
    }

    /// <summary>200 % text size (WCAG 1.4.4) without zooming the layout: the root font size doubled.</summary>
    public static Task DoubleTextSizeAsync(IPage page) =>
        page.EvaluateAsync("() => { document.documentElement.style.fontSize = '200%'; }");

    /// <summary>A full-page PNG in TestResults/screenshots (and in $KOMMUNTAL_SCREENSHOTS when set, e.g. docs/screenshots).</summary>
    public static Task<string> ScreenshotAsync(IPage page, string name) =>
        SaveAsync(name, path => page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Type = ScreenshotType.Png }));

    /// <summary>A PNG of the page from the top of <paramref name="from"/> to the bottom of <paramref name="to"/>, full width, saved as <see cref="ScreenshotAsync(IPage, string)"/>.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name, ILocator from, ILocator to)
    {
        var top = await from.BoundingBoxAsync() ?? throw new InvalidOperationException($"{name}: the first element is not visible");
        var bottom = await to.BoundingBoxAsync() ?? throw new InvalidOperationException($"{name}: the last element is not visible");
        var width = await page.EvaluateAsync<float>("() => document.documentElement.clientWidth");
        var scroll = await page.EvaluateAsync<float>("() => window.scrollY");
        var clip = new Clip { X = 0, Y = top.Y + scroll - 16, Width = width, Height = bottom.Y + bottom.Height - top.Y + 32 };
        return await SaveAsync(name, path => page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Clip = clip, Type = ScreenshotType.Png }));
    }

    private static async Task<string> SaveAsync(string name, Func<string, Task<byte[]>> shoot)
    {
        var path = Samples.Path("TestResults", "screenshots", name + ".png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var png = await shoot(path);
        Assert.Equal("\x89PNG", Encoding.Latin1.GetString(png, 0, 4));
        if (Environment.GetEnvironmentVariable("KOMMUNTAL_SCREENSHOTS") is { Length: > 0 } dir)
        {
            var target = Path.IsPathRooted(dir) ? dir : Samples.Path(dir);
            Directory.CreateDirectory(target);
            File.Copy(path, Path.Combine(target, name + ".png"), overwrite: true);
        }
        return path;
    }
}

/// <summary>
/// Records Content-Security-Policy violations of a page: the <c>securitypolicyviolation</c> events
/// (listened for by an init script, which the CSP does not govern) and Chromium's console errors.
/// Attach before navigating.
/// </summary>
public sealed class CspWatcher
{
    private readonly List<string> _console = [];
    private readonly IPage _page;

    private CspWatcher(IPage page) => _page = page;

    public static async Task<CspWatcher> AttachAsync(IPage page)
    {
        var watcher = new CspWatcher(page);
        page.Console += (_, m) =>
        {
            if (m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) lock (watcher._console) watcher._console.Add(m.Text);
        };
        await page.AddInitScriptAsync("window.__cspViolations = []; document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' (' + e.sourceFile + ':' + e.lineNumber + ')'));");
        return watcher;
    }

    public async Task<IReadOnlyList<string>> ViolationsAsync()
    {
        var events = await _page.EvaluateAsync<string[]>("() => window.__cspViolations ?? []");
        lock (_console) return [.. events, .. _console];
    }

    public async Task AssertNoneAsync()
    {
        var all = await ViolationsAsync();
        Assert.True(all.Count == 0, "CSP violations:\n" + string.Join("\n", all));
    }
}
