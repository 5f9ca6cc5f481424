using Sandbox.Runtime.Docker.Client;

namespace Sandbox.Runtime.Docker.Tests.Client;

public sealed class ApiVersionNegotiationTests
{
    private static readonly Version ClientMax = new(1, 51);
    private static readonly Version ClientMin = new(1, 41);

    [Theory]
    [InlineData("1.41", "1.12", "1.41")] // Engine 20.10, as on these machines
    [InlineData("1.52", "1.44", "1.51")] // Engine 29: newer than the client, refuses < 1.44: the client's newest
    [InlineData("1.45", null, "1.45")]
    public void The_highest_version_both_know_is_chosen(string engine, string? engineMin, string expected)
    {
        Assert.Equal(Version.Parse(expected), ApiVersionNegotiation.Choose(ClientMax, ClientMin, engine, engineMin, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("1.60", "1.55", "accepts API 1.55 or newer")]
    [InlineData("1.40", "1.12", "older than 1.41")]
    [InlineData("", null, "no usable API version")]
    [InlineData("1.41.2", null, "no usable API version")]
    public void No_version_fits_and_the_reason_says_why(string engine, string? engineMin, string reason)
    {
        Assert.Null(ApiVersionNegotiation.Choose(ClientMax, ClientMin, engine, engineMin, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
