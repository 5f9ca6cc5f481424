using Microsoft.Playwright;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests.Portal;

/// <summary>The README's screenshots of the main pages (docs/screenshots), taken by the browser tests.</summary>
internal static class PortalScreenshots
{
    /// <summary>The tallest picture kept, in CSS pixels: long pages are cut there.</summary>
    private const int MaxHeight = 2400;

    public static string PathOf(string name) => Path.Combine(RepositoryPaths.Root, "docs", "screenshots", name + ".png");

    /// <summary>Saves the whole page (up to 2,400 CSS pixels tall) as <c>docs/screenshots/{name}.png</c>.</summary>
    public static async Task TakeAsync(IPage page, string name)
    {
        var path = PathOf(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new()
        {
            Path = path,
            FullPage = true,
            Clip = new() { X = 0, Y = 0, Width = page.ViewportSize!.Width, Height = MaxHeight },
            // Finite animations (the progress bar's) are finished first, so the picture shows what the page settles on.
            Animations = ScreenshotAnimations.Disabled,
        });
    }
}
