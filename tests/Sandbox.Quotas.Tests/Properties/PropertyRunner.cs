using System.Globalization;

namespace Sandbox.Quotas.Tests.Properties;

/// <summary>
/// A minimal property runner: CsCheck and the like are not served by this project's package source.
/// Each run draws a fresh seed (so runs explore different cases); a failure names the seed and the case,
/// and setting <c>SANDBOX_PROPERTY_SEED</c> to that seed replays exactly the same cases.
/// </summary>
internal static class PropertyRunner
{
    public static void ForAll<T>(Func<Random, T> generate, Action<T> property, int iterations = 200)
    {
        var seed = Environment.GetEnvironmentVariable("SANDBOX_PROPERTY_SEED") is { } fixedSeed
            ? int.Parse(fixedSeed, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        var random = new Random(seed);
        for (var i = 0; i < iterations; i++)
        {
            var value = generate(random);
            try
            {
                property(value);
            }
            catch (Exception e)
            {
                throw new PropertyFailedException($"property failed at case {i} with SANDBOX_PROPERTY_SEED={seed}: {value}", e);
            }
        }
    }
}
