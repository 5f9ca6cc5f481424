using Sandbox.Orchestrator.NotebookOrigins;

namespace Sandbox.Orchestrator.Sessions;

/// <summary>A session as the API and the hub show it.</summary>
internal sealed record SessionView(
    string Id,
    string Owner,
    string Profile,
    string Size,
    string State,
    string? Reason,
    int Progress,
    string Message,
    string? NotebookUrl,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ReadyAt,
    DateTimeOffset? EndedAt,
    IReadOnlyList<SessionDatasetView> Datasets)
{
    /// <summary>The view of a session; a running one's notebook URL is the root of its own origin.</summary>
    public static SessionView Of(Session session, SandboxOrigins origins) => new(
        session.Id,
        session.OwnerId,
        session.Profile,
        session.SizeId,
        session.State.ToName(),
        session.Reason,
        session.Progress,
        session.Message,
        session.State == SessionState.Running ? origins.NotebookUrlOf(session.Id) : null,
        session.CreatedAt,
        session.ReadyAt,
        session.EndedAt,
        session.Datasets.Select(d => new SessionDatasetView(d.Name, d.Version)).ToList());
}

/// <summary>A dataset version a session mounts.</summary>
internal sealed record SessionDatasetView(string Name, string Version);
