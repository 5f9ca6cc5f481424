using Sandbox.Orchestrator.Datasets;
using Sandbox.Orchestrator.Problems;

namespace Sandbox.Orchestrator.Tests.Datasets;

public sealed class DatasetMetadataRulesTests
{
    [Fact]
    public void Korean_and_English_texts_source_license_and_tags_are_kept_trimmed_with_tags_lowercased_and_distinct()
    {
        var errors = new List<ValidationError>();
        var description = DatasetMetadataRules.Validate(new DatasetMetadata("shops", "1",
            TitleKo: " 상점 매출 ", TitleEn: " Shop sales ", DescriptionKo: "구별 매출.\n2026년.", DescriptionEn: "Sales by district.",
            Source: "City of Daejeon", License: "CC-BY-4.0", Tags: ["Retail", "상점", "retail", "open-data"]), errors);

        Assert.Empty(errors);
        Assert.NotNull(description);
        Assert.Equal("상점 매출", description.TitleKo);
        Assert.Equal("Shop sales", description.TitleEn);
        Assert.Equal("구별 매출.\n2026년.", description.DescriptionKo);
        Assert.Equal("Sales by district.", description.DescriptionEn);
        Assert.Equal("City of Daejeon", description.Source);
        Assert.Equal("CC-BY-4.0", description.License);
        Assert.Equal(["retail", "상점", "open-data"], description.Tags);
    }

    [Fact]
    public void The_old_title_and_description_fields_are_the_English_texts()
    {
        var errors = new List<ValidationError>();
        var description = DatasetMetadataRules.Validate(new DatasetMetadata("shops", "1", Title: "Shops", Description: "Old client"), errors);

        Assert.NotNull(description);
        Assert.Equal("Shops", description.TitleEn);
        Assert.Equal("Old client", description.DescriptionEn);
        Assert.Null(description.TitleKo);
        Assert.Empty(description.Tags);
    }

    [Fact]
    public void TitleEn_wins_over_the_old_title()
    {
        var description = DatasetMetadataRules.Validate(new DatasetMetadata("shops", "1", Title: "Old", TitleEn: "New"), []);

        Assert.Equal("New", description?.TitleEn);
    }

    [Fact]
    public void Every_bad_field_is_reported_by_name_at_once()
    {
        var errors = new List<ValidationError>();
        var description = DatasetMetadataRules.Validate(new DatasetMetadata("shops", "1",
            TitleKo: new string('가', DatasetMetadataRules.MaxTitleLength + 1),
            DescriptionEn: new string('d', DatasetMetadataRules.MaxDescriptionLength + 1),
            Source: "line\nbreak",
            License: new string('l', DatasetMetadataRules.MaxLicenseLength + 1),
            Tags: ["ok", "has space", "", "-lead", new string('t', DatasetMetadataRules.MaxTagLength + 1)]), errors);

        Assert.Null(description);
        Assert.Equal(
            ["title", "titleKo", "descriptionEn", "source", "license", "tags[1]", "tags[2]", "tags[3]", "tags[4]"],
            errors.Select(e => e.Field).ToList());
        Assert.Equal("dataset.invalid_title", errors[0].Reason);
        Assert.Equal("dataset.invalid_description", errors[2].Reason);
        Assert.Equal("dataset.invalid_source", errors[3].Reason);
        Assert.Equal("dataset.invalid_license", errors[4].Reason);
        Assert.All(errors.Skip(5), e => Assert.Equal("dataset.invalid_tag", e.Reason));
    }

    [Fact]
    public void Too_many_tags_is_one_error_on_tags()
    {
        var errors = new List<ValidationError>();
        var tags = Enumerable.Range(0, DatasetMetadataRules.MaxTags + 1).Select(i => $"t{i}").ToList<string?>();

        Assert.Null(DatasetMetadataRules.Validate(new DatasetMetadata("shops", "1", Title: "Shops", Tags: tags), errors));
        var error = Assert.Single(errors);
        Assert.Equal(("tags", "dataset.invalid_tags"), (error.Field, error.Reason));
    }

    [Fact]
    public void A_title_of_exactly_the_maximum_length_is_accepted()
    {
        var errors = new List<ValidationError>();

        Assert.NotNull(DatasetMetadataRules.Validate(new DatasetMetadata("shops", "1", Title: new string('a', DatasetMetadataRules.MaxTitleLength)), errors));
        Assert.Empty(errors);
    }
}
