using Sandbox.Testing;

namespace Sandbox.Deploy.Tests;

/// <summary>Secret files are filled in by operators and never committed; each has a committed example.</summary>
public sealed class SecretFilesTests
{
    [Fact]
    public async Task Every_secret_file_has_an_example_and_the_filled_in_file_is_ignored_by_git()
    {
        // Four settings files and the key ring's certificate (a PKCS#12 file, production).
        var examples = Directory.EnumerateFiles(KubernetesOverlays.Folder, "*.example", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(Path.GetDirectoryName(f)) == "secrets").ToList();
        Assert.Equal(5, examples.Count);

        foreach (var example in examples)
        {
            var secret = Path.GetRelativePath(RepositoryPaths.Root, example[..^".example".Length]);
            var ignored = await ToolRun.RunAsync("git", ["check-ignore", "--no-index", "--quiet", secret], RepositoryPaths.Root);
            Assert.True(ignored.ExitCode == 0, $"{secret} is not ignored by git");
            var committed = await ToolRun.RunAsync("git", ["check-ignore", "--no-index", "--quiet", Path.GetRelativePath(RepositoryPaths.Root, example)], RepositoryPaths.Root);
            Assert.True(committed.ExitCode == 1, $"{example} is ignored by git");
        }
    }
}
