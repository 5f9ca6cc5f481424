using Docker.DotNet.Models;

namespace Sandbox.Runtime.Docker.Tests;

public sealed class ContainerPhasesTests
{
    [Theory]
    [InlineData("created", RuntimePhase.Created)]
    [InlineData("running", RuntimePhase.Running)]
    [InlineData("paused", RuntimePhase.Running)]
    [InlineData("restarting", RuntimePhase.Running)]
    [InlineData("exited", RuntimePhase.Exited)]
    [InlineData("dead", RuntimePhase.Exited)]
    [InlineData("removing", RuntimePhase.Exited)]
    public void Engine_statuses_map_to_phases(string status, RuntimePhase phase) =>
        Assert.Equal(phase, ContainerPhases.FromStatus(status));

    [Fact]
    public void Out_of_memory_wins_over_the_exit_code() =>
        Assert.Equal("oom_killed", ContainerPhases.ExitReason(new State { Status = "exited", OOMKilled = true, ExitCode = 137 }));

    [Fact]
    public void Otherwise_the_reason_is_the_exit_code() =>
        Assert.Equal("exit_code_2", ContainerPhases.ExitReason(new State { Status = "exited", ExitCode = 2 }));
}
