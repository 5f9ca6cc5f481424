using k8s.Models;

namespace Sandbox.Runtime.Kubernetes;

/// <summary>Reads a toleration written as <c>key[=value]:effect</c> in settings. Pure.</summary>
internal static class TolerationText
{
    private static readonly string[] Effects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

    /// <summary>The toleration, or null and why not.</summary>
    public static V1Toleration? TryParse(string? text, out string? error)
    {
        error = null;
        var value = text?.Trim() ?? "";
        var colon = value.LastIndexOf(':');
        if (colon <= 0 || !Effects.Contains(value[(colon + 1)..], StringComparer.Ordinal))
        {
            error = "lacks a known effect after ':'";
            return null;
        }

        var effect = value[(colon + 1)..];
        var keyValue = value[..colon];
        var equals = keyValue.IndexOf('=', StringComparison.Ordinal);
        var key = equals < 0 ? keyValue : keyValue[..equals];
        if (key.Length == 0)
        {
            error = "has no key";
            return null;
        }

        return equals < 0
            ? new V1Toleration { Key = key, OperatorProperty = "Exists", Effect = effect }
            : new V1Toleration { Key = key, OperatorProperty = "Equal", Value = keyValue[(equals + 1)..], Effect = effect };
    }
}
