using Sandbox.Orchestrator.Sessions;

namespace Sandbox.Orchestrator.Tests.Sessions;

public sealed class ExitFailureReasonsTests
{
    [Theory]
    [InlineData("oom_killed", "start_failed", "oom_killed")]
    [InlineData("evicted", "sandbox_exited", "evicted")]
    [InlineData("oom_killed", "sandbox_exited", "oom_killed")]
    [InlineData("exit_code_137", "sandbox_exited", "sandbox_exited")]
    [InlineData("exit_code_1", "start_failed", "start_failed")]
    [InlineData("failed", "sandbox_exited", "sandbox_exited")]
    [InlineData(null, "start_failed", "start_failed")]
    public void Reasons_an_analyst_can_act_on_are_kept_and_the_rest_keep_the_general_reason(string? exitReason, string general, string expected) =>
        Assert.Equal(expected, ExitFailureReasons.Of(exitReason, general));
}
