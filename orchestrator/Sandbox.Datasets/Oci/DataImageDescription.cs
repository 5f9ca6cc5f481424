namespace Sandbox.Datasets.Oci;

/// <summary>What a data image says about its dataset, in its labels and its manifest's annotations.</summary>
/// <param name="Title">The dataset's title; the name when null.</param>
/// <param name="Source">Where the data comes from (free text or a URL); omitted when null.</param>
/// <param name="License">The licence the data is shared under (an SPDX expression where there is one); omitted when null.</param>
public sealed record DataImageDescription(string? Title, string? Source, string? License);
