namespace Sandbox.Orchestrator.Datasets;

/// <summary>
/// The <c>metadata</c> part of a dataset upload. <c>title</c> and <c>description</c> are the English texts of
/// clients written before the Korean and English fields existed; <c>titleEn</c> and <c>descriptionEn</c> win over them.
/// </summary>
internal sealed record DatasetMetadata(
    string? Name,
    string? Version,
    string? Title = null,
    string? Description = null,
    string? TitleKo = null,
    string? TitleEn = null,
    string? DescriptionKo = null,
    string? DescriptionEn = null,
    string? Source = null,
    string? License = null,
    IReadOnlyList<string?>? Tags = null);
