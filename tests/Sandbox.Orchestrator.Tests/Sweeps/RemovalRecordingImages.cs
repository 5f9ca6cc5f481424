using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Tests.Sweeps;

/// <summary>A data image port that records which images were removed, and refuses (image_in_use) those marked as in use.</summary>
internal sealed class RemovalRecordingImages : IDataImageBuilder
{
    public List<string> Removed { get; } = [];

    public HashSet<string> InUse { get; } = new(StringComparer.Ordinal);

    public Task<string> BuildAsync(string image, Stream buildContextTar, IReadOnlyDictionary<string, string> labels, IProgress<string> output, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The sweeps never build images.");

    public Task RemoveAsync(string image, CancellationToken cancellationToken)
    {
        if (InUse.Contains(image))
        {
            throw new RuntimeException("image_in_use", $"The image {image} is still used.");
        }

        Removed.Add(image);
        return Task.CompletedTask;
    }
}
