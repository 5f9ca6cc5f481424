using System.Text.Json;
using Docker.DotNet.Models;

namespace Sandbox.Runtime.Docker.Tests;

public sealed class SessionContainerRequestFactoryTests
{
    private static readonly DockerRuntimeOptions Options = new();
    private static readonly DockerNames Names = new(Options, new InstallationIdentity("inst0example", AdoptsUnlabelled: false));
    // Defaults left out: the golden file shows what the request sets.
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault,
    };

    private static RuntimeSpec Spec(ResourceLimits? limits = null, IReadOnlyList<DatasetMount>? datasets = null, int port = 8888) => new(
        "s-42",
        "member-7",
        "sandbox/python-notebook:1",
        ["jupyter", "notebook", "--port=8888"],
        new Dictionary<string, string> { ["JUPYTER_TOKEN"] = "secret", ["A_FIRST"] = "1" },
        limits ?? new ResourceLimits(Cpu: 1.5m, MemoryGiB: 2m, Pids: 256, Gpu: 0),
        new HomeVolume("member-7", "/home/analyst"),
        datasets ?? [new DatasetMount("shops", "3", "sandbox-data/shops:3", "/data/shops")],
        port);

    private static NetworkResponse Network(string id) => new() { ID = id, Name = "sandbox-sessions-none" };

    [Fact]
    public void The_create_request_matches_the_golden_file()
    {
        var request = SessionContainerRequestFactory.Build(Spec(), Options, Names, Network("net-id-1"), ["sandbox-data-0123456789abcdef0123"]);

        var json = JsonSerializer.Serialize(request, Indented);

        // The actual request is written beside the test binary, so a deliberate change can be reviewed and copied over.
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "session-container-create.actual.json"), json + "\n");
        var golden = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "session-container-create.json"));
        Assert.Equal(golden.ReplaceLineEndings().Trim(), json.ReplaceLineEndings().Trim());
    }

    [Fact]
    public void Limits_become_engine_units_with_no_swap_beyond_memory()
    {
        var request = SessionContainerRequestFactory.Build(
            Spec(new ResourceLimits(Cpu: 0.25m, MemoryGiB: 0.5m, Pids: 64, Gpu: 0)), Options, Names, Network("n"), []);

        Assert.Equal(250_000_000L, request.HostConfig!.NanoCPUs);
        Assert.Equal(536_870_912L, request.HostConfig.Memory);
        Assert.Equal(request.HostConfig.Memory, request.HostConfig.MemorySwap);
        Assert.Equal(64L, request.HostConfig.PidsLimit);
        Assert.Null(request.HostConfig.DeviceRequests);
    }

    [Fact]
    public void Gpus_are_requested_as_a_device_request()
    {
        var request = SessionContainerRequestFactory.Build(Spec(new ResourceLimits(1m, 1m, 64, Gpu: 2)), Options, Names, Network("n"), []);

        var gpus = Assert.Single(request.HostConfig!.DeviceRequests!);
        Assert.Equal(2, gpus.Count);
        Assert.Equal(["gpu"], Assert.Single(gpus.Capabilities!));
    }

    [Fact]
    public void Secrets_join_the_environment_on_this_engine_and_a_name_in_both_is_refused()
    {
        var spec = Spec() with { Environment = new Dictionary<string, string> { ["A_FIRST"] = "1" }, Secrets = new Dictionary<string, string> { ["JUPYTER_TOKEN"] = "secret" } };

        Assert.Equal(["A_FIRST=1", "JUPYTER_TOKEN=secret"], SessionContainerRequestFactory.Build(spec, Options, Names, Network("n"), []).Env);
        var both = spec with { Secrets = new Dictionary<string, string> { ["A_FIRST"] = "2" } };
        Assert.Equal("invalid_spec", Assert.Throws<RuntimeException>(() => SessionContainerRequestFactory.Build(both, Options, Names, Network("n"), [])).Reason);
    }

    [Fact]
    public void The_environment_is_ordered_so_the_same_spec_gives_the_same_request()
    {
        var request = SessionContainerRequestFactory.Build(Spec(), Options, Names, Network("n"), []);

        Assert.Equal(["A_FIRST=1", "JUPYTER_TOKEN=secret"], request.Env);
    }

    [Fact]
    public void An_empty_command_keeps_the_image_command()
    {
        var spec = Spec() with { Command = [] };

        Assert.Null(SessionContainerRequestFactory.Build(spec, Options, Names, Network("n"), []).Cmd);
    }

    [Theory]
    [InlineData(0, 1, 64, 0)]
    [InlineData(-1, 1, 64, 0)]
    [InlineData(1, 0, 64, 0)]
    [InlineData(1, 0.004, 64, 0)]
    [InlineData(1, 1, 0, 0)]
    [InlineData(1, 1, 64, -1)]
    public void Invalid_limits_are_refused_with_a_stable_reason(double cpu, double memoryGiB, int pids, int gpu)
    {
        var spec = Spec(new ResourceLimits((decimal)cpu, (decimal)memoryGiB, pids, gpu));

        var refused = Assert.Throws<RuntimeException>(() => SessionContainerRequestFactory.Build(spec, Options, Names, Network("n"), []));

        Assert.Equal("invalid_limits", refused.Reason);
    }

    [Fact]
    public void Every_limit_problem_is_reported_at_once()
    {
        var refused = Assert.Throws<RuntimeException>(() => RuntimeSpecRules.Validate(Spec(new ResourceLimits(0m, 0m, 0, -1))));

        Assert.Contains("cpu", refused.Message, StringComparison.Ordinal);
        Assert.Contains("memory", refused.Message, StringComparison.Ordinal);
        Assert.Contains("pids", refused.Message, StringComparison.Ordinal);
        Assert.Contains("gpu", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_mounts_at_one_path_are_refused()
    {
        var spec = Spec(datasets:
        [
            new DatasetMount("shops", "3", "sandbox-data/shops:3", "/data/shops"),
            new DatasetMount("shops-old", "2", "sandbox-data/shops:2", "/data/shops/"),
        ]);

        Assert.Equal("dataset_mount_conflict", Assert.Throws<RuntimeException>(() => RuntimeSpecRules.Validate(spec)).Reason);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65536)]
    public void A_port_outside_tcp_is_refused(int port)
    {
        Assert.Equal("invalid_spec", Assert.Throws<RuntimeException>(() => RuntimeSpecRules.Validate(Spec(port: port))).Reason);
    }
}
