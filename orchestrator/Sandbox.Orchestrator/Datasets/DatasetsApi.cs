using Microsoft.AspNetCore.Http.HttpResults;
using Sandbox.Orchestrator.Problems;

namespace Sandbox.Orchestrator.Datasets;

/// <summary><c>/api/v1/datasets</c>: the curated dataset catalog.</summary>
internal static class DatasetsApi
{
    public static RouteGroupBuilder MapDatasetsApi(this RouteGroupBuilder api)
    {
        var datasets = api.MapGroup("/datasets").WithTags("Datasets");
        datasets.MapGet("/", ListAsync).WithSummary("Datasets with their versions.");
        datasets.MapGet("/{name}", GetAsync).WithSummary("One dataset with its versions.");
        return api;
    }

    private static async Task<Ok<IReadOnlyList<DatasetView>>> ListAsync(DatasetCatalog catalog, CancellationToken cancellationToken) =>
        TypedResults.Ok(await catalog.ListAsync(cancellationToken));

    private static async Task<Results<Ok<DatasetView>, ProblemHttpResult>> GetAsync(string name, DatasetCatalog catalog, CancellationToken cancellationToken) =>
        await catalog.FindAsync(name, cancellationToken) is { } dataset
            ? TypedResults.Ok(dataset)
            : ApiProblem.NotFound("dataset.not_found", $"There is no dataset {name}.");
}
