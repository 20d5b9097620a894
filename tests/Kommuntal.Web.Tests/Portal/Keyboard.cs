using Microsoft.Playwright;

namespace Kommuntal.Web.Tests.Portal;

/// <summary>The keyboard alone: Tab until an element has focus, then Enter, Space, arrows or typing.</summary>
public static class Keyboard
{
    /// <summary>Presses Tab (from where focus is) until <paramref name="target"/> has focus; fails after <paramref name="max"/> presses.</summary>
    public static async Task TabToAsync(IPage page, ILocator target, int max = 500)
    {
        var handle = await target.ElementHandleAsync() ?? throw new InvalidOperationException("no such element");
        for (var i = 0; i < max; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>("e => document.activeElement === e", handle)) return;
        }
        Assert.Fail($"Tab did not reach {target} on {page.Url} in {max} presses.");
    }

    /// <summary>Tabs to a link or button and presses Enter, waiting for the page it leads to.</summary>
    public static async Task<IResponse?> ActivateAsync(IPage page, ILocator target)
    {
        await TabToAsync(page, target);
        return await NavigateAsync(page, () => page.Keyboard.PressAsync("Enter"));
    }

    /// <summary>Runs <paramref name="action"/> and waits for the page it leads to (after any redirect), loaded.</summary>
    public static async Task<IResponse> NavigateAsync(IPage page, Func<Task> action)
    {
        // WaitForURL, which Playwright suggests instead, cannot tell a POST's answer from the page it was sent from (same URL).
#pragma warning disable CS0612
        var response = await page.RunAndWaitForNavigationAsync(action, new() { WaitUntil = WaitUntilState.Load });
#pragma warning restore CS0612
        return response ?? throw new InvalidOperationException($"no navigation from {page.Url}");
    }

    /// <summary>Tabs to a text field, empties it and types <paramref name="text"/>.</summary>
    public static async Task TypeAsync(IPage page, ILocator field, string text)
    {
        await TabToAsync(page, field);
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.PressAsync("Delete");
        await page.Keyboard.InsertTextAsync(text);
    }

    public static ILocator Link(IPage page, string name) => page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true });
    public static ILocator Button(IPage page, string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });
}
