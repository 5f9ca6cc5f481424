namespace Sandbox.Datasets.Archives;

/// <summary>
/// Carries a refusal out of deep stream code (a limit crossed in the middle of a copy). Never leaves the
/// library: <see cref="DatasetBuildContextWriter"/> turns it back into a <see cref="DatasetError"/> value.
/// </summary>
internal sealed class ArchiveRefusedException(DatasetError error) : Exception(error.Message)
{
    public DatasetError Error { get; } = error;
}
