using System.Diagnostics;

namespace Sandbox.IntegrationTests.Portal;

/// <summary>
/// The portal's own unit tests (vitest: formatting, i18n completeness, session and billing logic) run as part of the
/// .NET suite, so `./sandbox test` fails when they fail.
/// </summary>
public sealed class PortalUnitTests
{
    [Fact]
    public async Task The_portals_vitest_suite_passes()
    {
        Assert.True(Directory.Exists(Path.Combine(PortalBuild.Folder, "node_modules")),
            "The portal's packages are not installed: run `cd portal && npm ci` (./sandbox test does it).");
        var start = new ProcessStartInfo("npm", ["test", "--", "--reporter=verbose"])
        {
            WorkingDirectory = PortalBuild.Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["CI"] = "1";
        start.Environment["NO_COLOR"] = "1";
        using var npm = Process.Start(start)!;
        var output = npm.StandardOutput.ReadToEndAsync();
        var errors = npm.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await npm.WaitForExitAsync(timeout.Token);

        var text = await output + await errors;
        Assert.True(npm.ExitCode == 0, $"vitest failed (exit {npm.ExitCode}):\n{text}");
        Assert.Matches(@"Tests\s+\d+ passed", text);
        Assert.DoesNotContain("failed", text.Split('\n').Single(l => l.TrimStart().StartsWith("Tests", StringComparison.Ordinal)), StringComparison.Ordinal);
    }
}
