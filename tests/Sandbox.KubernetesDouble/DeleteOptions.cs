using System.Globalization;
using System.Text.Json.Nodes;

namespace Sandbox.KubernetesDouble;

/// <summary>
/// A delete's options, read from the query string and from the JSON body (KubernetesClient sends them in both; the body
/// wins where both say something): grace period, propagation policy (or the older <c>orphanDependents</c>) and the
/// uid/resourceVersion preconditions.
/// </summary>
public sealed record DeleteOptions(long? GracePeriodSeconds, string? PropagationPolicy, string? PreconditionUid, string? PreconditionResourceVersion)
{
    /// <summary>No options: the kind's defaults.</summary>
    public static DeleteOptions Default { get; } = new(null, null, null, null);

    /// <summary>The propagation policy in effect: the one given, Orphan for <c>orphanDependents=true</c>, else Background.</summary>
    public string Policy => PropagationPolicy ?? "Background";

    /// <summary>Reads the options; an unknown policy or a bad number is a 400 BadRequest / 422 Invalid as on a real server.</summary>
    public static DeleteOptions Read(IReadOnlyDictionary<string, string?> query, JsonObject? body)
    {
        long? grace = ParseLong(body?["gracePeriodSeconds"]?.ToString() ?? query.GetValueOrDefault("gracePeriodSeconds"), "gracePeriodSeconds");
        var policy = body?["propagationPolicy"]?.GetValue<string>() ?? query.GetValueOrDefault("propagationPolicy");
        var orphan = body?["orphanDependents"]?.ToString() ?? query.GetValueOrDefault("orphanDependents");
        if (policy is null && orphan is not null) policy = orphan == "true" ? "Orphan" : "Background";
        if (policy is not null and not ("Background" or "Foreground" or "Orphan"))
        {
            throw new ApiException(422, "Invalid", $"DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: \"{policy}\": supported values: \"Foreground\", \"Background\", \"Orphan\"",
                causes: [new StatusCause("FieldValueNotSupported", "propagationPolicy", $"Unsupported value: \"{policy}\"")]);
        }
        if (grace < 0) grace = 1; // the real server turns a negative grace period into the smallest one
        return new DeleteOptions(grace, policy,
            body?["preconditions"]?["uid"]?.GetValue<string>(),
            body?["preconditions"]?["resourceVersion"]?.GetValue<string>());
    }

    private static long? ParseLong(string? text, string name) =>
        text is null or "" ? null
        : long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value
        : throw ApiException.BadRequest($"{name}: invalid value \"{text}\"");
}
