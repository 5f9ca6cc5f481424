using Sandbox.Orchestrator.Datasets;
using Sandbox.Orchestrator.Problems;

namespace Sandbox.Orchestrator.Tests.Datasets;

public sealed class DatasetAccessRulesTests
{
    [Fact]
    public void Named_members_are_trimmed_distinct_and_ordered()
    {
        var errors = new List<ValidationError>();

        var access = DatasetAccessRules.Validate(new DatasetAccessRequest("named", [" b ", "a", "b"]), errors);

        Assert.Empty(errors);
        Assert.Equal("named", access?.Access);
        Assert.Equal(["a", "b"], access?.Members);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Everyone")]
    [InlineData("partners")]
    public void An_unknown_access_mode_is_refused_on_access(string? mode)
    {
        var errors = new List<ValidationError>();

        Assert.Null(DatasetAccessRules.Validate(new DatasetAccessRequest(mode, null), errors));
        var error = Assert.Single(errors);
        Assert.Equal(("access", "dataset.invalid_access"), (error.Field, error.Reason));
    }

    [Fact]
    public void Members_with_another_mode_and_empty_ids_are_refused_by_field()
    {
        var errors = new List<ValidationError>();
        Assert.Null(DatasetAccessRules.Validate(new DatasetAccessRequest("members", ["m1"]), errors));
        Assert.Equal("members", Assert.Single(errors).Field);

        errors.Clear();
        Assert.Null(DatasetAccessRules.Validate(new DatasetAccessRequest("named", ["m1", " "]), errors));
        Assert.Equal("members[1]", Assert.Single(errors).Field);
    }

    [Fact]
    public void Everyone_needs_no_members()
    {
        var access = DatasetAccessRules.Validate(new DatasetAccessRequest("everyone", null), []);

        Assert.Equal(new DatasetAccessView("everyone", []).Access, access?.Access);
        Assert.Empty(access!.Members);
    }
}
