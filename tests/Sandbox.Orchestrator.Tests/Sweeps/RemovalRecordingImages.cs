using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Tests.Sweeps;

/// <summary>A data image remover that records which images were removed, and refuses (image_in_use) those marked as in use.</summary>
internal sealed class RemovalRecordingImages : IDataImageRemover
{
    public List<string> Removed { get; } = [];

    public HashSet<string> InUse { get; } = new(StringComparer.Ordinal);

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
