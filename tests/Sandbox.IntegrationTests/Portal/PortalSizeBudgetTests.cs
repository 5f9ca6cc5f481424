using System.IO.Compression;
using System.Text.RegularExpressions;

namespace Sandbox.IntegrationTests.Portal;

/// <summary>The portal's speed budget: a first load fetches under 300 KB of compressed JavaScript (gzip at its strongest).</summary>
public sealed partial class PortalSizeBudgetTests
{
    private const int BudgetBytes = 300 * 1024;

    [Fact]
    public void The_first_load_fetches_under_300_KB_of_gzipped_JavaScript()
    {
        PortalBuild.EnsureBuilt();
        var html = File.ReadAllText(Path.Combine(PortalBuild.Dist, "index.html"));
        var scripts = ScriptReference().Matches(html).Select(m => m.Groups["path"].Value).Distinct().ToList();
        Assert.NotEmpty(scripts);

        long gzipped = 0;
        foreach (var script in scripts)
        {
            using var buffer = new MemoryStream();
            using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
            {
                gzip.Write(File.ReadAllBytes(Path.Combine(PortalBuild.Dist, script)));
            }

            gzipped += buffer.Length;
        }

        Assert.True(gzipped < BudgetBytes, $"First-load JavaScript is {gzipped / 1024.0:0.0} KB gzipped ({string.Join(", ", scripts)}), over {BudgetBytes / 1024} KB.");
    }

    [GeneratedRegex("<(?:script[^>]*\\bsrc|link[^>]*rel=\"modulepreload\"[^>]*\\bhref)=\"/(?<path>[^\"]+\\.js)\"")]
    private static partial Regex ScriptReference();
}
