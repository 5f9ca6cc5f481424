using Microsoft.AspNetCore.Http.HttpResults;

namespace Sandbox.Orchestrator.Catalog;

/// <summary><c>/api/v1/profiles</c> and <c>/api/v1/sizes</c>.</summary>
internal static class CatalogApi
{
    public static RouteGroupBuilder MapCatalogApi(this RouteGroupBuilder api)
    {
        api.MapGet("/profiles", ProfilesAsync).WithTags("Catalog").WithSummary("Notebook profiles whose image is present.");
        return api;
    }

    private static async Task<Ok<List<ProfileView>>> ProfilesAsync(NotebookCatalog catalog, CancellationToken cancellationToken) =>
        TypedResults.Ok((await catalog.AvailableProfilesAsync(cancellationToken)).Select(p => new ProfileView(p.Id, p.DisplayName, p.Image)).ToList());
}

/// <summary>A profile as the API shows it.</summary>
internal sealed record ProfileView(string Id, string DisplayName, string Image);
