using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sandbox.Runtime.Docker.Images;

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

    [Theory]
    [InlineData("tcp://engine.example:2376", null, "TlsCaCertificatePath is required")]
    [InlineData("tcp://engine.example", "ok", "needs a port")]
    [InlineData("tcp://engine.example:2376", "missing", "does not exist")]
    [InlineData("http://engine.example:2375", null, "must be unix:///path or tcp://host:port")]
    [InlineData("unix:///run/docker.sock", "ok", "tcp:// Endpoint only")]
    public void A_remote_engine_needs_mutual_tls_with_files_that_exist(string endpoint, string? tls, string problem)
    {
        var file = Path.GetTempFileName();
        try
        {
            var path = tls switch { "ok" => file, "missing" => file + ".missing", _ => null };
            var options = new DockerRuntimeOptions { Endpoint = endpoint, TlsCaCertificatePath = path, TlsCertificatePath = path, TlsKeyPath = path };

            var result = new DockerRuntimeOptionsValidator().Validate(null, options);

            Assert.Contains(result.Failures ?? [], f => f.Contains(problem, StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_remote_engine_with_its_three_tls_files_is_valid()
    {
        var file = Path.GetTempFileName();
        try
        {
            var options = new DockerRuntimeOptions { Endpoint = "tcp://10.0.0.5:2376", TlsCaCertificatePath = file, TlsCertificatePath = file, TlsKeyPath = file };

            Assert.True(new DockerRuntimeOptionsValidator().Validate(null, options).Succeeded);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Invalid_options_stop_the_runtime_from_being_resolved()
    {
        using var services = new ServiceCollection().AddDockerRuntime(o => o.User = "root").BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<ISessionRuntime>());

        Assert.Contains("User", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_ports_are_registered_once_each_over_one_engine_connection()
    {
        using var services = new ServiceCollection().AddDockerRuntime().AddDockerDataImages().BuildServiceProvider();

        Assert.IsType<DockerSessionRuntime>(services.GetRequiredService<ISessionRuntime>());
        Assert.IsType<DockerDataImageRemover>(services.GetRequiredService<IDataImageRemover>());
        Assert.IsType<Sandbox.Runtime.Docker.Images.DockerDataImageLoader>(services.GetRequiredService<IDataImageLoader>());
        Assert.Same(services.GetRequiredService<ISessionRuntime>(), services.GetRequiredService<DockerSessionRuntime>());
        Assert.Single(services.GetServices<Sandbox.Runtime.Docker.Client.DockerEngineConnection>());
    }
}
