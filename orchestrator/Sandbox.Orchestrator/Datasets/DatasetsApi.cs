using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Sandbox.Orchestrator.Accounts;
using Sandbox.Orchestrator.Problems;

namespace Sandbox.Orchestrator.Datasets;

/// <summary><c>/api/v1/datasets</c>: the curated dataset catalog.</summary>
internal static class DatasetsApi
{
    public static RouteGroupBuilder MapDatasetsApi(this RouteGroupBuilder api)
    {
        var datasets = api.MapGroup("/datasets").WithTags("Datasets");
        datasets.MapPost("/", PublishAsync)
            .RequireAuthorization(Accounts.AuthorizationPolicies.Admin)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxRequestBytes))
            .WithSummary("Publishes a dataset version (admin): multipart parts 'metadata' (JSON) and 'archive' (.tar.gz or .zip). 202 while its image builds.");
        datasets.MapGet("/", ListAsync).WithSummary("Datasets with their versions, by name; pages of limit (default 100, at most 1000), the next one named by Link: rel=\"next\".");
        datasets.MapGet("/{name}", GetAsync).WithSummary("One dataset with its versions.");
        datasets.MapPut("/{name}/access", SetAccessAsync)
            .RequireAuthorization(Accounts.AuthorizationPolicies.Admin)
            .WithSummary("Sets who may use every version of a dataset (admin): everyone, members (tier member at launch) or named members.");
        datasets.MapPost("/{name}/versions/{version}/withdraw", WithdrawAsync)
            .RequireAuthorization(Accounts.AuthorizationPolicies.Admin)
            .WithSummary("Withdraws a version (admin): no new session may mount it; running sessions keep it.");
        datasets.MapGet("/{name}/versions/{version}/preview", DatasetPreviewApi.PreviewAsync).WithSummary(DatasetPreviewApi.Summary);
        return api;
    }

    // Kestrel's own ceiling for this endpoint; the configured upload limit is enforced while streaming.
    private const long MaxRequestBytes = 64L * 1024 * 1024 * 1024;

    private static async Task<Results<Accepted<DatasetVersionView>, ProblemHttpResult>> PublishAsync(
        HttpRequest request, ClaimsPrincipal user, DatasetPublisher publisher, CancellationToken cancellationToken)
    {
        var outcome = await publisher.PublishAsync(request, user.MemberId(), cancellationToken);
        return outcome switch
        {
            { Accepted: { } view } => TypedResults.Accepted($"/api/v1/datasets/{view.Name}", view),
            { Errors.Count: > 0 } => ApiProblem.Invalid(outcome.Errors),
            _ => ApiProblem.Create(outcome.Status, outcome.Reason!, outcome.Detail!),
        };
    }

    private static async Task<Results<Ok<IReadOnlyList<DatasetView>>, ProblemHttpResult>> ListAsync(
        string? limit, string? cursor, ClaimsPrincipal user, DatasetCatalog catalog, HttpContext context, CancellationToken cancellationToken)
    {
        if (Paging.PageRequest.TryRead(limit, cursor, 1, out var problem) is not { } page)
        {
            return problem!;
        }

        return (await catalog.PageAsync(DatasetCaller.Of(user), page, cancellationToken)).Answer(context, d => d);
    }

    private static async Task<Results<Ok<DatasetView>, ProblemHttpResult>> GetAsync(
        string name, ClaimsPrincipal user, DatasetCatalog catalog, CancellationToken cancellationToken) =>
        await catalog.FindAsync(name, DatasetCaller.Of(user), cancellationToken) is { } dataset
            ? TypedResults.Ok(dataset)
            : ApiProblem.NotFound("dataset.not_found", $"There is no dataset {name}.");

    private static async Task<Results<Ok<DatasetAccessView>, ProblemHttpResult>> SetAccessAsync(
        string name, DatasetAccessRequest request, ClaimsPrincipal user, DatasetCurator curator, CancellationToken cancellationToken) =>
        Answer(await curator.SetAccessAsync(name, request, user.MemberId(), cancellationToken));

    private static async Task<Results<Ok<DatasetVersionView>, ProblemHttpResult>> WithdrawAsync(
        string name, string version, ClaimsPrincipal user, DatasetCurator curator, CancellationToken cancellationToken) =>
        Answer(await curator.WithdrawAsync(name, version, user.MemberId(), cancellationToken));

    private static Results<Ok<T>, ProblemHttpResult> Answer<T>(CuratorOutcome<T> outcome)
        where T : class => outcome switch
        {
            { Value: { } value } => TypedResults.Ok(value),
            { Status: 400 } => ApiProblem.Invalid(outcome.Errors),
            _ => ApiProblem.Create(outcome.Status, outcome.Errors[0].Reason, outcome.Errors[0].Message),
        };
}
