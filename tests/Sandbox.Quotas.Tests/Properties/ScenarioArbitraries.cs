using FsCheck;
using FsCheck.Fluent;
using Sandbox.Quotas;

namespace Sandbox.Quotas.Tests.Properties;

/// <summary>The generated cases of the billing properties, each with a shrinker that keeps it valid.</summary>
internal static class ScenarioArbitraries
{
    public static Arbitrary<GeneratedScenario> Scenarios =>
        Arb.From(
            ScenarioGenerators.Scenario.Select(s => new GeneratedScenario(s)),
            generated => ScenarioShrinker.Shrink(generated.Scenario).Select(s => new GeneratedScenario(s)));

    /// <summary>A record cut anywhere inside it: often one millisecond from either end, otherwise anywhere.</summary>
    public static Arbitrary<SplitCase> Splits =>
        Arb.From(
            from scenario in ScenarioGenerators.Scenario.Where(s => s.Usage.Any(IsSplittable))
            from record in Gen.Elements(scenario.Usage.Where(IsSplittable))
            from offset in Gen.Frequency(
                (1, Gen.Elements(1L, Milliseconds(record) - 1)),
                (3, Gen.Choose(1, (int)Milliseconds(record) - 1).Select(ms => (long)ms)))
            select new SplitCase(scenario, record.Id, record.Start.AddMilliseconds(offset)),
            split => ScenarioShrinker.Shrink(split.Scenario).Where(split.CanSplit).Select(s => split with { Scenario = s }));

    public static Arbitrary<ReorderCase> Reorders =>
        Arb.From(
            from scenario in ScenarioGenerators.Scenario
            from seed in Gen.Choose(0, int.MaxValue)
            select new ReorderCase(scenario, seed),
            reorder => ScenarioShrinker.Shrink(reorder.Scenario).Select(s => reorder with { Scenario = s }));

    // Instants are whole milliseconds, so a record of one millisecond has no instant strictly inside it.
    private static bool IsSplittable(UsageRecord record) => Milliseconds(record) >= 2;

    private static long Milliseconds(UsageRecord record) =>
        record.End.ToUnixTimeMilliseconds() - record.Start.ToUnixTimeMilliseconds();
}
