using System.Globalization;
using FsCheck;
using Microsoft.FSharp.Core;

namespace Sandbox.Quotas.Tests.Properties;

/// <summary>
/// Runs an FsCheck property from a plain fact (FsCheck.Xunit is not served here), throwing FsCheck's report on
/// failure: the shrunk case and the seed. Each run draws a fresh seed; setting <c>SANDBOX_PROPERTY_REPLAY</c> to
/// the "(seed,gamma)" or "(seed,gamma,size)" of a report replays exactly that run.
/// </summary>
internal static class PropertyChecks
{
    public static void Check(Property property, int maxTest = 200) =>
        FsCheck.Check.One(Config.QuickThrowOnFailure.WithMaxTest(maxTest).WithReplay(ReplayFromEnvironment()), property);

    /// <summary>Runs a property from a fixed seed, for tests about the properties themselves.</summary>
    public static void CheckFrom(Property property, ulong seed, ulong gamma, int maxTest = 200) =>
        FsCheck.Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(maxTest).WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed, gamma), FSharpOption<int>.None))),
            property);

    private static FSharpOption<Replay> ReplayFromEnvironment()
    {
        if (Environment.GetEnvironmentVariable("SANDBOX_PROPERTY_REPLAY") is not { Length: > 0 } text)
        {
            return FSharpOption<Replay>.None;
        }

        var parts = text.Trim('(', ')', ' ').Split(',', StringSplitOptions.TrimEntries);
        var rnd = new Rnd(ulong.Parse(parts[0], CultureInfo.InvariantCulture), ulong.Parse(parts[1], CultureInfo.InvariantCulture));
        var size = parts.Length > 2 ? FSharpOption<int>.Some(int.Parse(parts[2], CultureInfo.InvariantCulture)) : FSharpOption<int>.None;
        return FSharpOption<Replay>.Some(new Replay(rnd, size));
    }
}
