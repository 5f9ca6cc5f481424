namespace Sandbox.Orchestrator.Datasets;

/// <summary>The validated, trimmed descriptive metadata of a dataset version, in Korean and English.</summary>
internal sealed record DatasetDescription(
    string? TitleKo, string TitleEn, string? DescriptionKo, string? DescriptionEn, string? Source, string? License, IReadOnlyList<string> Tags);
