using Microsoft.AspNetCore.Http.HttpResults;
using Sandbox.Orchestrator.Health;

namespace Sandbox.Orchestrator.Catalog;

/// <summary><c>/api/v1/profiles</c> and <c>/api/v1/sizes</c>.</summary>
internal static class CatalogApi
{
    public static RouteGroupBuilder MapCatalogApi(this RouteGroupBuilder api)
    {
        api.MapGet("/profiles", ProfilesAsync).WithTags("Catalog").WithSummary("Notebook profiles whose image is present.");
        return api;
    }

    /// <summary>The profiles whose image is present; 503 <c>runtime.unavailable</c> while the runtime cannot be asked.</summary>
    private static async Task<Results<Ok<List<ProfileView>>, ProblemHttpResult>> ProfilesAsync(
        NotebookCatalog catalog, RuntimeReachability runtime, HttpContext context, CancellationToken cancellationToken)
    {
        if (await runtime.CheckAsync(cancellationToken) is not null)
        {
            return RuntimeUnavailableProblem.Create(context);
        }

        return TypedResults.Ok((await catalog.AvailableProfilesAsync(cancellationToken)).Select(p => new ProfileView(p.Id, p.DisplayName, p.Image)).ToList());
    }
}

/// <summary>A profile as the API shows it.</summary>
internal sealed record ProfileView(string Id, string DisplayName, string Image);
