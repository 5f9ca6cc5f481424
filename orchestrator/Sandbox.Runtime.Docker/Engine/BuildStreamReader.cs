using System.Text.Json;
using System.Text.RegularExpressions;
using Sandbox.Runtime.Docker.Engine.Models;

namespace Sandbox.Runtime.Docker.Engine;

/// <summary>
/// Reads the JSON lines of a build's answer as they arrive: forwards the builder's text, notes the layers the
/// build commits (so a failed build can be cleaned up) and finds the image id or the error.
/// </summary>
internal static partial class BuildStreamReader
{
    /// <param name="body">The answer's body.</param>
    /// <param name="output">Receives the builder's text lines.</param>
    /// <param name="createdLayers">Receives each layer id as the build commits it, so it is known even if reading stops early.</param>
    /// <param name="cancellationToken">Stops reading (and, by closing the connection, the build).</param>
    public static async Task<BuildOutcome> ReadAsync(Stream body, IProgress<string> output, List<string> createdLayers, CancellationToken cancellationToken)
    {
        string? imageId = null;
        string? error = null;
        var previousLineWasCacheHit = false;

        using var reader = new StreamReader(body);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var message = JsonSerializer.Deserialize(line, EngineJsonContext.Default.BuildMessage);
            if (message is null)
            {
                continue;
            }

            if (message.Error is not null || message.ErrorDetail is not null)
            {
                error = message.ErrorDetail?.Message ?? message.Error ?? "the build failed";
                output.Report("ERROR: " + error);
                continue;
            }

            if (message.Aux?.ID is { Length: > 0 } auxId)
            {
                imageId = auxId;
            }

            var text = message.Stream ?? message.Status;
            if (text is null)
            {
                continue;
            }

            foreach (var textLine in text.Split('\n'))
            {
                var trimmed = textLine.TrimEnd();
                if (trimmed.Length == 0)
                {
                    continue;
                }

                output.Report(trimmed);

                // The legacy builder announces each committed step as " ---> <short id>"; a step served from
                // the cache announces " ---> Using cache" first, and that layer belongs to an earlier build.
                var layer = CommittedLayerLine().Match(trimmed);
                if (layer.Success && !previousLineWasCacheHit)
                {
                    createdLayers.Add(layer.Groups["id"].Value);
                }

                previousLineWasCacheHit = trimmed.Contains("---> Using cache", StringComparison.Ordinal);
            }
        }

        return new BuildOutcome(error is null ? imageId : null, error, createdLayers);
    }

    [GeneratedRegex(@"^\s*--->\s+(?<id>[0-9a-f]{12,64})$", RegexOptions.CultureInvariant)]
    private static partial Regex CommittedLayerLine();
}
