using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Sandbox.Orchestrator.Accounts;
using Sandbox.Orchestrator.Audit;
using Sandbox.Orchestrator.Health;
using Sandbox.Orchestrator.Problems;
using Sandbox.Orchestrator.Store;

namespace Sandbox.Orchestrator.Sessions;

/// <summary><c>/api/v1/sessions</c>: launch, list, read and stop notebook sessions.</summary>
internal static class SessionsApi
{
    public static RouteGroupBuilder MapSessionsApi(this RouteGroupBuilder api)
    {
        var sessions = api.MapGroup("/sessions").WithTags("Sessions");
        sessions.MapPost("/", CreateAsync)
            .WithSummary("Launches a notebook session. With an Idempotency-Key header, a retry returns the first session (200).");
        sessions.MapGet("/", ListAsync).WithSummary("The caller's sessions (own and shared with them), newest first; pages of limit (default 100, at most 1000), the next one named by Link: rel=\"next\".");
        sessions.MapGet("/{id}", GetAsync).WithSummary("One session (404 when it is not the caller's).");
        sessions.MapDelete("/{id}", StopAsync).WithSummary("Asks a session to stop (202); it goes to stopping, then stopped.");
        return api;
    }

    private static async Task<Results<Created<SessionView>, Ok<SessionView>, ProblemHttpResult>> CreateAsync(
        CreateSessionRequest request,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        ClaimsPrincipal user,
        SessionLauncher launcher,
        NotebookOrigins.SandboxOrigins origins,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        var outcome = await launcher.LaunchAsync(user.MemberId(), request, idempotencyKey, cancellationToken);
        if (outcome.Session is not { } session)
        {
            return outcome.Status switch
            {
                400 => ApiProblem.Invalid(outcome.Errors),
                503 => RuntimeUnavailableProblem.Create(context),
                _ => ApiProblem.Create(outcome.Status, outcome.Errors[0].Reason, outcome.Errors[0].Message),
            };
        }

        var view = SessionView.Of(session, origins);
        return outcome.Replayed ? TypedResults.Ok(view) : TypedResults.Created($"/api/v1/sessions/{session.Id}", view);
    }

    private static async Task<Results<Ok<IReadOnlyList<SessionView>>, ProblemHttpResult>> ListAsync(
        string? limit, string? cursor, ClaimsPrincipal user, SessionAccess access, NotebookOrigins.SandboxOrigins origins, HttpContext context,
        CancellationToken cancellationToken)
    {
        if (Paging.PageRequest.TryRead(limit, cursor, 2, out var problem) is not { } page)
        {
            return problem!;
        }

        return (await access.VisiblePageAsync(user, page, cancellationToken)).Answer(context, s => SessionView.Of(s, origins));
    }

    private static async Task<Results<Ok<SessionView>, ProblemHttpResult>> GetAsync(
        string id, ClaimsPrincipal user, SessionAccess access, NotebookOrigins.SandboxOrigins origins, CancellationToken cancellationToken) =>
        await access.FindVisibleAsync(user, id, cancellationToken) is { } session ? TypedResults.Ok(SessionView.Of(session, origins)) : NotFound(id);

    private static async Task<Results<Accepted<SessionView>, ProblemHttpResult>> StopAsync(
        string id, ClaimsPrincipal user, SessionAccess access, SandboxDbContext db, IReconcileNudges nudges, TimeProvider clock,
        AuditLog audit, NotebookOrigins.SandboxOrigins origins, CancellationToken cancellationToken)
    {
        // The reconciler may bump the session's revision between our read and write: read again and retry.
        for (var attempt = 0; ; attempt++)
        {
            var session = await access.FindVisibleAsync(user, id, cancellationToken);
            if (session is null)
            {
                return NotFound(id);
            }

            if (session.OwnerId != user.MemberId())
            {
                return ApiProblem.Forbidden("session.owner_only", "Only the session's owner can stop it.");
            }

            if (session.IsTerminal)
            {
                return ApiProblem.Conflict("session.already_ended", $"Session {id} has already ended ({session.State.ToName()}).");
            }

            session.RequestStop(clock.GetUtcNow());
            audit.Add(AuditKinds.SessionStopRequested, user.MemberId(), session.Id);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
                db.ChangeTracker.Clear();
                continue;
            }

            await nudges.PublishAsync(session.Id, CancellationToken.None); // committed: the nudge goes out even if the caller left
            return TypedResults.Accepted($"/api/v1/sessions/{session.Id}", SessionView.Of(session, origins));
        }
    }

    private static ProblemHttpResult NotFound(string id) => ApiProblem.NotFound("session.not_found", $"There is no session {id}.");
}
