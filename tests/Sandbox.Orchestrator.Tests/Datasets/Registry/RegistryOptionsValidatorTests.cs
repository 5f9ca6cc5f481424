using Sandbox.Orchestrator.Datasets.Registry;

namespace Sandbox.Orchestrator.Tests.Datasets.Registry;

public sealed class RegistryOptionsValidatorTests
{
    private static readonly RegistryOptionsValidator Validator = new();

    [Fact]
    public void No_registry_is_valid_and_not_enabled()
    {
        var options = new RegistryOptions();

        Assert.True(Validator.Validate(null, options).Succeeded);
        Assert.False(options.Enabled);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000", "127.0.0.1:5000")]
    [InlineData("https://registry.coop.example", "registry.coop.example")]
    [InlineData("https://registry.coop.example:8443/", "registry.coop.example:8443")]
    public void A_registry_url_gives_the_host_image_references_name(string url, string host)
    {
        var options = new RegistryOptions { Url = new Uri(url) };

        Assert.True(Validator.Validate(null, options).Succeeded);
        Assert.True(options.Enabled);
        Assert.Equal(host, options.Host);
    }

    [Fact]
    public void Every_mistake_is_named_at_once()
    {
        var options = new RegistryOptions
        {
            Url = new Uri("ftp://registry.coop.example/v2/"),
            Repository = "Sandbox Data",
            Username = "publisher",
            RequestTimeout = TimeSpan.Zero,
        };

        var result = Validator.Validate(null, options);

        Assert.False(result.Succeeded);
        var failures = result.Failures!.ToList();
        Assert.Equal(4, failures.Count);
        Assert.Contains(failures, f => f.Contains("Sandbox:Registry:Url", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Sandbox:Registry:Repository", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Username and Password", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("RequestTimeout", StringComparison.Ordinal));
    }
}
