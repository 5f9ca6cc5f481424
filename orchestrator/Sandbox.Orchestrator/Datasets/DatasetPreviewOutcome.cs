namespace Sandbox.Orchestrator.Datasets;

/// <summary>Why a version cannot be previewed.</summary>
internal enum DatasetPreviewRefusal
{
    /// <summary>No such dataset or version (or not one this caller may see).</summary>
    NotFound,

    /// <summary>Still building, or the build failed.</summary>
    NotPublished,

    /// <summary>Published, but its data image is gone from the runtime.</summary>
    ImageMissing,

    /// <summary>The dataset's access does not include this caller (see <see cref="DatasetEntitlement"/>).</summary>
    NotEntitled,
}

/// <summary>A preview, or the refusal with what it is about (the status or the image).</summary>
internal sealed record DatasetPreviewOutcome(DatasetPreviewView? Preview, DatasetPreviewRefusal? Refusal, string? About)
{
    public static DatasetPreviewOutcome Of(DatasetPreviewView preview) => new(preview, null, null);

    public static DatasetPreviewOutcome Refused(DatasetPreviewRefusal refusal, string? about = null) => new(null, refusal, about);
}
