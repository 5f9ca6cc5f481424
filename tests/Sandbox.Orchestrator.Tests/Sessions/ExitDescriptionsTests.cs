using Sandbox.Orchestrator.Sessions;

namespace Sandbox.Orchestrator.Tests.Sessions;

public sealed class ExitDescriptionsTests
{
    [Theory]
    [InlineData("oom_killed", "it ran out of memory (oom_killed): choose a larger size, or use less memory")]
    [InlineData("evicted", "the cluster evicted it to free the machine it ran on (evicted): start it again")]
    [InlineData("exit_code_137", "it was killed (exit code 137, exit_code_137)")]
    [InlineData("exit_code_143", "it was terminated (exit code 143, exit_code_143)")]
    [InlineData("exit_code_1", "it exited with code 1 (exit_code_1)")]
    [InlineData(null, "for a reason the runtime did not say (unknown)")]
    [InlineData("exit_code_x", "for a reason the runtime did not say (exit_code_x)")]
    public void The_runtimes_exit_reason_reads_as_words(string? reason, string words) =>
        Assert.Equal(words, ExitDescriptions.Describe(reason));
}
