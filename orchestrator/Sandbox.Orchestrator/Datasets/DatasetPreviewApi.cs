using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Sandbox.Orchestrator.Accounts;
using Sandbox.Orchestrator.Problems;

namespace Sandbox.Orchestrator.Datasets;

/// <summary><c>GET /api/v1/datasets/{name}/versions/{version}/preview</c>: a version's files and first CSV rows, without a notebook.</summary>
internal static class DatasetPreviewApi
{
    public const string Summary =
        "A dataset version's files (path, size, sha256) and the first 20 rows of up to 5 CSV files (64 KiB read each), read from its image without launching a notebook.";

    public static async Task<Results<Ok<DatasetPreviewView>, ProblemHttpResult>> PreviewAsync(
        string name, string version, ClaimsPrincipal user, DatasetPreviewer previewer, CancellationToken cancellationToken)
    {
        var outcome = await previewer.PreviewAsync(name, version, user.MemberId(), cancellationToken);
        return outcome switch
        {
            { Preview: { } preview } => TypedResults.Ok(preview),
            { Refusal: DatasetPreviewRefusal.NotPublished } => ApiProblem.Conflict(
                "dataset.not_published", $"Dataset {name} version {version} is {outcome.About}, not published."),
            { Refusal: DatasetPreviewRefusal.NotEntitled } => ApiProblem.Forbidden(
                "quota.dataset_not_entitled", $"You are not entitled to use dataset '{name}'."),
            { Refusal: DatasetPreviewRefusal.ImageMissing } => ApiProblem.Create(
                StatusCodes.Status503ServiceUnavailable, "dataset.image_missing", $"The data image of {name} version {version} is not on the runtime."),
            _ => ApiProblem.NotFound("dataset.not_found", $"There is no dataset {name} with version {version}."),
        };
    }
}
