using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Sandbox.Runtime.Docker.Tests;

public sealed class DockerRuntimeOptionsValidatorTests
{
    [Fact]
    public void The_defaults_are_valid() =>
        Assert.True(new DockerRuntimeOptionsValidator().Validate(null, new DockerRuntimeOptions()).Succeeded);

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var options = new DockerRuntimeOptions
        {
            SocketPath = "",
            NetworkName = "bad name",
            ContainerNamePrefix = "-",
            LabelPrefix = "a=b",
            StopGracePeriod = TimeSpan.FromSeconds(-1),
            EngineRequestTimeout = TimeSpan.Zero,
            TmpSizeMiB = 0,
            User = "analyst",
        };

        var result = new DockerRuntimeOptionsValidator().Validate(null, options);

        Assert.Equal(8, result.Failures!.Count());
    }

    [Fact]
    public void Invalid_options_stop_the_runtime_from_being_resolved()
    {
        using var services = new ServiceCollection().AddDockerRuntime(o => o.User = "root").BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<ISessionRuntime>());

        Assert.Contains("User", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Both_ports_are_registered_once_each_over_one_engine_client()
    {
        using var services = new ServiceCollection().AddDockerRuntime().BuildServiceProvider();

        Assert.IsType<DockerSessionRuntime>(services.GetRequiredService<ISessionRuntime>());
        Assert.IsType<DockerDataImageBuilder>(services.GetRequiredService<IDataImageBuilder>());
        Assert.Same(services.GetRequiredService<ISessionRuntime>(), services.GetRequiredService<DockerSessionRuntime>());
    }
}
