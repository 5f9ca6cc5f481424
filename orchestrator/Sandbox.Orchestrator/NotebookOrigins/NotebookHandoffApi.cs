using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Sandbox.Orchestrator.Problems;

namespace Sandbox.Orchestrator.NotebookOrigins;

/// <summary><c>POST /api/v1/sessions/{id}/handoff</c>: the portal's way into a notebook's own origin.</summary>
internal static class NotebookHandoffApi
{
    public static RouteGroupBuilder MapNotebookHandoffApi(this RouteGroupBuilder api)
    {
        api.MapPost("/sessions/{id}/handoff", HandoffAsync).WithTags("Sessions")
            .WithSummary("A one-time URL (valid one minute) that opens the session's notebook at its own origin with a cookie for that notebook only. Owner, or a mentor it is shared with.");
        return api;
    }

    private static async Task<Results<Ok<HandoffView>, ProblemHttpResult>> HandoffAsync(
        string id, HandoffRequest? request, ClaimsPrincipal user, NotebookHandoffs handoffs, CancellationToken ct)
    {
        var issue = await handoffs.IssueAsync(user, id, request?.Next, ct);
        return issue.Status switch
        {
            HandoffIssueStatus.Issued => TypedResults.Ok(new HandoffView(issue.Url!, (int)issue.ExpiresIn.TotalSeconds)),
            HandoffIssueStatus.NotRunning => ApiProblem.Conflict("session.not_running", $"Session {id} is not running, so its notebook cannot be opened."),
            _ => ApiProblem.NotFound("session.not_found", $"There is no session {id}."),
        };
    }
}
