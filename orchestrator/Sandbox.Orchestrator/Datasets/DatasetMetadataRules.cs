using System.Text.RegularExpressions;
using Sandbox.Orchestrator.Problems;

namespace Sandbox.Orchestrator.Datasets;

/// <summary>
/// Validates the descriptive metadata of an upload, collecting every error with the field it names, so an admin
/// fixes the whole form at once.
/// </summary>
internal static partial class DatasetMetadataRules
{
    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 4000;
    public const int MaxSourceLength = 500;
    public const int MaxLicenseLength = 100;
    public const int MaxTags = 20;
    public const int MaxTagLength = 40;

    /// <summary>The description, or null with <paramref name="errors"/> filled.</summary>
    public static DatasetDescription? Validate(DatasetMetadata metadata, List<ValidationError> errors)
    {
        var before = errors.Count;

        // English is required so the catalog always has one title; the old 'title' field is its English text.
        var titleEnField = metadata.TitleEn is not null ? "titleEn" : "title";
        var titleEn = Text(metadata.TitleEn ?? metadata.Title, titleEnField, MaxTitleLength, required: true, "dataset.invalid_title", errors);
        var titleKo = Text(metadata.TitleKo, "titleKo", MaxTitleLength, required: false, "dataset.invalid_title", errors);
        var descriptionEnField = metadata.DescriptionEn is not null ? "descriptionEn" : "description";
        var descriptionEn = Text(metadata.DescriptionEn ?? metadata.Description, descriptionEnField, MaxDescriptionLength, required: false, "dataset.invalid_description", errors);
        var descriptionKo = Text(metadata.DescriptionKo, "descriptionKo", MaxDescriptionLength, required: false, "dataset.invalid_description", errors);
        var source = Text(metadata.Source, "source", MaxSourceLength, required: false, "dataset.invalid_source", errors);
        var license = Text(metadata.License, "license", MaxLicenseLength, required: false, "dataset.invalid_license", errors);
        var tags = Tags(metadata.Tags ?? [], errors);

        return errors.Count > before ? null : new DatasetDescription(titleKo, titleEn!, descriptionKo, descriptionEn, source, license, tags);
    }

    private static string? Text(string? value, string field, int maxLength, bool required, string reason, List<ValidationError> errors)
    {
        var trimmed = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (trimmed is null && required)
        {
            errors.Add(new(field, reason, $"{field} is required."));
        }
        else if (trimmed is not null && trimmed.Length > maxLength)
        {
            errors.Add(new(field, reason, $"{field} is at most {maxLength} characters; it has {trimmed.Length}."));
        }
        else if (trimmed is not null && trimmed.Any(char.IsControl) && !IsMultiline(field))
        {
            errors.Add(new(field, reason, $"{field} must not contain control characters."));
        }

        return trimmed;
    }

    // Descriptions may have paragraphs; titles, source and license are one line.
    private static bool IsMultiline(string field) => field.StartsWith("description", StringComparison.Ordinal);

    private static List<string> Tags(IReadOnlyList<string?> tags, List<ValidationError> errors)
    {
        if (tags.Count > MaxTags)
        {
            errors.Add(new("tags", "dataset.invalid_tags", $"At most {MaxTags} tags; there are {tags.Count}."));
            return [];
        }

        var normalized = new List<string>();
        for (var i = 0; i < tags.Count; i++)
        {
            var tag = tags[i]?.Trim().ToLowerInvariant() ?? "";
            if (tag.Length is 0 or > MaxTagLength || !TagShape().IsMatch(tag))
            {
                errors.Add(new($"tags[{i}]", "dataset.invalid_tag",
                    $"Tag '{tags[i]}' must be 1-{MaxTagLength} letters, digits or single hyphens between them."));
            }
            else if (!normalized.Contains(tag, StringComparer.Ordinal))
            {
                normalized.Add(tag);
            }
        }

        return normalized;
    }

    // Letters of any script (Korean tags are expected), digits, and inner hyphens.
    [GeneratedRegex(@"^[\p{L}\p{Nd}]+(-[\p{L}\p{Nd}]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex TagShape();
}
