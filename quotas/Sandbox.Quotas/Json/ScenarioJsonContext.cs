using System.Text.Json.Serialization;

namespace Sandbox.Quotas;

/// <summary>
/// Source-generated reading of the scenario file: no reflection, and fast enough for a million usage records.
/// Property names are exactly the contract's (case-sensitive); numbers must be JSON numbers.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = false,
    NumberHandling = JsonNumberHandling.Strict,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow,
    AllowTrailingCommas = false)]
[JsonSerializable(typeof(ScenarioDocument))]
internal sealed partial class ScenarioJsonContext : JsonSerializerContext
{
    /// <summary>
    /// A context for one file read: the source-generated options plus that read's own usage record reader.
    /// </summary>
    public static ScenarioJsonContext ForOneRead(UsageRecordReader usageReader) =>
        new(new System.Text.Json.JsonSerializerOptions(Default.Options) { Converters = { usageReader } });
}
