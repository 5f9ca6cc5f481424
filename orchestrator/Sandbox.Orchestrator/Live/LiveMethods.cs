namespace Sandbox.Orchestrator.Live;

/// <summary>The names of the hub's client methods (the portal and scripts subscribe to these names; they are the contract).</summary>
internal static class LiveMethods
{
    /// <summary>One argument: the session exactly as <c>GET /api/v1/sessions/{id}</c> returns it.</summary>
    public const string SessionUpdated = "sessionUpdated";

    /// <summary>One argument: <see cref="MemberNotice"/> as <c>{kind, message, sessionId, at}</c>.</summary>
    public const string MemberNotice = "memberNotice";

    /// <summary>One argument: <see cref="DatasetUpdate"/>; admins only.</summary>
    public const string DatasetUpdated = "datasetUpdated";

    /// <summary>One argument: <see cref="LiveSubscribed"/>, once per connection, after the snapshot.</summary>
    public const string Subscribed = "subscribed";
}
