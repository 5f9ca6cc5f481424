using Sandbox.Orchestrator.Https;

namespace Sandbox.Orchestrator.Tests.Https;

public sealed class ForwardedHeadersTrustOptionsValidatorTests
{
    [Fact]
    public void Defaults_trust_no_proxy_and_are_valid()
    {
        var options = new ForwardedHeadersTrustOptions();
        Assert.False(options.TrustsAnyProxy);
        Assert.True(new ForwardedHeadersTrustOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Addresses_and_networks_of_both_families_are_accepted()
    {
        var options = new ForwardedHeadersTrustOptions { KnownProxies = { "127.0.0.2", "::1" }, KnownNetworks = { "10.0.0.0/24", "fd00::/64" } };
        Assert.True(new ForwardedHeadersTrustOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Every_mistake_is_named_at_once()
    {
        var options = new ForwardedHeadersTrustOptions
        {
            KnownProxies = { "nginx.internal", "10.0.0.5" },
            KnownNetworks = { "10.0.0.7", "10.0.0.1/24", "0.0.0.0/0" },
        };

        var result = new ForwardedHeadersTrustOptionsValidator().Validate(null, options);

        Assert.False(result.Succeeded);
        Assert.Equal(4, result.Failures!.Count());
        Assert.Contains(result.Failures!, f => f.Contains("KnownProxies:0 'nginx.internal'", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("KnownNetworks:0 '10.0.0.7'", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("KnownNetworks:1 '10.0.0.1/24'", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("KnownNetworks:2 '0.0.0.0/0' covers every address", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("-00:00:01", false)]
    [InlineData("00:00:00", true)]
    [InlineData("180.00:00:00", true)]
    [InlineData("731.00:00:00", false)]
    public void Hsts_max_age_is_between_zero_and_two_years(string maxAge, bool valid)
    {
        var options = new StrictTransportSecurityOptions { MaxAge = TimeSpan.Parse(maxAge, System.Globalization.CultureInfo.InvariantCulture) };
        Assert.Equal(valid, new StrictTransportSecurityOptionsValidator().Validate(null, options).Succeeded);
    }
}
