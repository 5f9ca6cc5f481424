namespace Sandbox.Quotas.Tests.Cli;

/// <summary>
/// Golden files: each folder under Golden/ holds <c>input.json</c> and <c>month</c>, and either
/// <c>expected.json</c> (stdout, exit 0) or <c>expected-stderr.txt</c> (exit 2, nothing on stdout).
/// Set <c>SANDBOX_UPDATE_GOLDEN=1</c> to rewrite expectations after a deliberate change, then review the diff.
/// </summary>
public sealed class GoldenFileTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Golden");

    public static TheoryData<string> Folders() => new(Directory.GetDirectories(Root).Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Fact]
    public void There_are_golden_scenarios_for_valid_and_invalid_input()
    {
        var folders = Directory.GetDirectories(Root);

        Assert.True(folders.Count(f => File.Exists(Path.Combine(f, "expected.json"))) >= 3);
        Assert.Contains(folders, f => File.Exists(Path.Combine(f, "expected-stderr.txt")));
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public void The_command_line_prints_the_expected_output(string folder)
    {
        var directory = Path.Combine(Root, folder);
        var input = Path.Combine(directory, "input.json");
        var month = File.ReadAllText(Path.Combine(directory, "month")).Trim();

        var (exitCode, stdout, stderr) = CommandLineRunner.Run("invoice", "--input", input, "--month", month);

        // Paths differ between machines; expectations name the file as <input>.
        stderr = stderr.Replace(input, "<input>", StringComparison.Ordinal);
        var expectedJson = Path.Combine(directory, "expected.json");
        var expectedStderr = Path.Combine(directory, "expected-stderr.txt");
        if (Environment.GetEnvironmentVariable("SANDBOX_UPDATE_GOLDEN") == "1")
        {
            Update(exitCode == 0 ? expectedJson : expectedStderr, exitCode == 0 ? stdout : stderr);
        }

        if (File.Exists(expectedJson))
        {
            Assert.Equal((0, ""), (exitCode, stderr));
            Assert.Equal(File.ReadAllText(expectedJson), stdout);
        }
        else
        {
            Assert.Equal((2, ""), (exitCode, stdout));
            Assert.Equal(File.ReadAllText(expectedStderr), stderr);
        }
    }

    private static void Update(string path, string content)
    {
        // Write to the source tree (four levels above bin/Debug/net10.0/Golden/x), not only the copy in bin.
        var source = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "Golden", Path.GetFileName(Path.GetDirectoryName(path))!, Path.GetFileName(path)));
        File.WriteAllText(source, content);
        File.WriteAllText(path, content);
    }
}
