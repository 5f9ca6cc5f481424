using Sandbox.Orchestrator.Catalog;
using Sandbox.Orchestrator.Sessions;
using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Tests.Catalog;

public sealed class ProfileEgressTests
{
    private static ProfileOptions Profile(string egress = "none", params string[] allow) =>
        new() { Image = "sandbox/python-notebook:1", Command = ["jupyter"], Egress = egress, EgressAllow = [.. allow] };

    [Fact]
    public void A_profile_that_says_nothing_lets_nothing_out()
    {
        var (policy, errors) = ProfileEgress.Resolve("python", new ProfileOptions());

        Assert.Empty(errors);
        Assert.Equal(EgressPolicy.None, policy);
    }

    [Fact]
    public void Internet_and_an_allow_list_are_read_sorted_and_without_duplicates()
    {
        var (policy, errors) = ProfileEgress.Resolve("python", Profile("Internet", "10.2.0.5:3128", "192.168.40.0/24", "10.2.0.5:3128", "[fd00::5]:443"));

        Assert.Empty(errors);
        Assert.True(policy!.Internet);
        Assert.Equal(["10.2.0.5/32:3128", "192.168.40.0/24", "[fd00::5/128]:443"], policy.Allow.Select(d => d.ToString()));
    }

    [Fact]
    public void Every_mistake_is_named_by_profile_and_entry()
    {
        var (policy, errors) = ProfileEgress.Resolve("python", Profile("open", "10.2.0.5:3128", "10.1.2.3/8", "mirror.example", "10.2.0.5:99999"));

        Assert.Null(policy);
        Assert.Equal(4, errors.Count);
        Assert.StartsWith("Sandbox:Profiles:python:Egress 'open' must be 'none' or 'internet'", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("Sandbox:Profiles:python:EgressAllow:1 '10.1.2.3/8' is not a valid CIDR range", errors[1], StringComparison.Ordinal);
        Assert.StartsWith("Sandbox:Profiles:python:EgressAllow:2 'mirror.example' is not an IP address or CIDR range (host names are not accepted", errors[2], StringComparison.Ordinal);
        Assert.StartsWith("Sandbox:Profiles:python:EgressAllow:3 '10.2.0.5:99999' has '99999' where a TCP port", errors[3], StringComparison.Ordinal);
    }

    [Fact]
    public void The_validator_refuses_the_start_with_every_profile_at_fault()
    {
        var options = new CatalogOptions
        {
            Profiles = { ["python"] = Profile("none", "10.2.0.5"), ["r"] = Profile("none", "10.2"), ["julia"] = Profile("everything") },
        };

        var result = new ProfileEgressValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(2, result.Failures!.Count());
        Assert.Contains(result.Failures!, f => f.StartsWith("Sandbox:Profiles:julia:Egress", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Sandbox:Profiles:r:EgressAllow:0", StringComparison.Ordinal));
    }

    [Fact]
    public void The_profiles_policy_reaches_the_runtime_spec()
    {
        var policy = ProfileEgress.Resolve("python", Profile("internet", "10.2.0.5:3128")).Policy!;
        var profile = new NotebookProfile("python", "Python", "sandbox/python-notebook:1", ["jupyter"], 8888, "/home/analyst", 1, policy);
        var session = Session.Create("s-1", "m-1", "python", new SessionSize("small", 1, 2, 0), [], "protected", null, null, DateTimeOffset.UnixEpoch);

        var spec = SessionSpecFactory.Create(session, profile, 64, "token");

        Assert.Equal(policy, spec.Egress);
    }
}
