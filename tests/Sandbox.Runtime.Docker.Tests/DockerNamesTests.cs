namespace Sandbox.Runtime.Docker.Tests;

public sealed class DockerNamesTests
{
    private static readonly DockerRuntimeOptions Defaults = new();

    [Fact]
    public void A_new_installation_puts_its_id_in_every_name_and_owns_only_what_carries_its_label()
    {
        var names = new DockerNames(Defaults, new InstallationIdentity("abc123", AdoptsUnlabelled: false));

        Assert.Equal(
            ("sandbox-sessions-abc123", "sandbox-s-abc123-s1", "sandbox-data-abc123-", "sandbox-home-m1-abc123"),
            (names.NetworkStem, names.ContainerNameOf("s1"), names.DataContainerNamePrefix, names.HomeVolumeOf(new HomeVolume("m1", "/home"))));
        Assert.True(names.Owns(new Dictionary<string, string> { ["org.sandbox.installation"] = "abc123" }));
        Assert.False(names.Owns(new Dictionary<string, string> { ["org.sandbox.installation"] = "other1" }));
        Assert.False(names.Owns(new Dictionary<string, string> { ["org.sandbox.managed"] = "true" }));
        Assert.False(names.Owns(null));
    }

    [Fact]
    public void An_upgraded_installation_keeps_its_old_names_and_also_owns_unlabelled_things_but_not_another_installations()
    {
        var names = new DockerNames(Defaults, new InstallationIdentity("old999", AdoptsUnlabelled: true));

        Assert.Equal(
            ("sandbox-sessions", "sandbox-s-s1", "sandbox-data-", "sandbox-home-m1"),
            (names.NetworkStem, names.ContainerNameOf("s1"), names.DataContainerNamePrefix, names.HomeVolumeOf(new HomeVolume("m1", "/home"))));
        Assert.True(names.Owns(new Dictionary<string, string> { ["org.sandbox.managed"] = "true" }));
        Assert.True(names.Owns(new Dictionary<string, string> { ["org.sandbox.installation"] = "old999" }));
        Assert.False(names.Owns(new Dictionary<string, string> { ["org.sandbox.installation"] = "abc123" }));
    }

    [Fact]
    public void Marking_adds_the_installation_label()
    {
        var names = new DockerNames(Defaults, new InstallationIdentity("abc123", AdoptsUnlabelled: false));

        var marked = names.Mark(new Dictionary<string, string> { ["org.sandbox.data"] = "true" });

        Assert.Equal("abc123", marked["org.sandbox.installation"]);
    }
}
