using Docker.DotNet.Models;

namespace Sandbox.Runtime.Docker.Tests;

/// <summary>Which engine events are a session's change: only this installation's session containers, only what matters.</summary>
public sealed class DockerSessionChangesTests
{
    private static readonly DockerNames Ours = new(new DockerRuntimeOptions(), new InstallationIdentity("ours01", AdoptsUnlabelled: false));

    [Fact]
    public void A_session_container_of_this_installation_that_dies_is_a_change()
    {
        Assert.Equal(new RuntimeChange("s-1", "die"), DockerSessionChanges.ChangeOf(Ours, Event("die", "ours01")));
    }

    [Theory]
    [InlineData("die", "theirs")]   // another installation's sandbox
    [InlineData("die", null)]       // made before installation ids: not a new installation's
    [InlineData("exec_start", "ours01")] // says nothing about whether the sandbox runs
    public void Other_events_are_not(string action, string? installation)
    {
        Assert.Null(DockerSessionChanges.ChangeOf(Ours, Event(action, installation)));
    }

    private static Message Event(string action, string? installation)
    {
        var attributes = new Dictionary<string, string> { ["org.sandbox.managed"] = "true", ["org.sandbox.session"] = "s-1", ["name"] = "sandbox-s-x" };
        if (installation is not null)
        {
            attributes["org.sandbox.installation"] = installation;
        }

        return new Message { Type = "container", Action = action, Actor = new Actor { ID = "c1", Attributes = attributes } };
    }
}
