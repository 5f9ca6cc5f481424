namespace Sandbox.Orchestrator.Accounts;

/// <summary>
/// Who may call what: every endpoint the orchestrator serves, with the role or policy it needs and, for routes that
/// name one object, whose object it must be. This is the single source the authorization tests are generated from and
/// checked against (routes exactly as <c>/openapi/v1.json</c> prints them), so a new endpoint without a row, or a row
/// whose endpoint is gone, fails the build's tests. The checks themselves stay where they are enforced: the policies on
/// the route groups (<see cref="AuthorizationPolicies"/>, the fallback policy for "signed in") and
/// <c>SessionAccess</c> for objects.
/// </summary>
internal static class AccessTable
{
    /// <summary>Who may call an endpoint at all.</summary>
    public enum Caller
    {
        /// <summary>Anyone, signed in or not.</summary>
        Anonymous,

        /// <summary>Any signed-in account: every account is an analyst (the fallback policy).</summary>
        SignedIn,

        /// <summary>The <c>billing</c> policy: billing staff or admins.</summary>
        Billing,

        /// <summary>The <c>admin</c> policy: admins only.</summary>
        Admin,
    }

    /// <summary>For routes that name one object: whose it must be. Anyone else gets 404, as if it did not exist.</summary>
    public enum ObjectScope
    {
        /// <summary>No per-object rule (no object, or every allowed caller may see every object).</summary>
        None,

        /// <summary>The caller's own session only.</summary>
        Owner,

        /// <summary>The caller's own session, or one shared with the caller (an active, unexpired, unrevoked share).</summary>
        OwnerOrShared,
    }

    /// <summary>What kind of endpoint a row is; only <see cref="Api"/> rows are in the OpenAPI document.</summary>
    public enum Surface
    {
        /// <summary>An <c>/api/v1</c> endpoint, described in <c>/openapi/v1.json</c>.</summary>
        Api,

        /// <summary>Hosting endpoints outside the API (health, the OpenAPI document itself).</summary>
        Hosting,

        /// <summary>The notebook proxy: every method, HTTP and WebSocket.</summary>
        Proxy,

        /// <summary>The SignalR hub.</summary>
        Hub,
    }

    /// <summary>One endpoint and who may call it.</summary>
    /// <param name="Method">HTTP method in upper case, or <c>ANY</c>.</param>
    /// <param name="Route">The route pattern exactly as OpenAPI prints it.</param>
    /// <param name="Mapped">False for an endpoint the contract names but the orchestrator does not serve yet.</param>
    public sealed record Row(string Method, string Route, Surface Surface, Caller Caller, ObjectScope Scope, bool Mapped = true, string? Note = null)
    {
        /// <summary><c>METHOD /route</c>, the row's name in test output.</summary>
        public string Operation => $"{Method} {Route}";

        /// <summary>Whether the route names one object (a route parameter such as <c>{id}</c>).</summary>
        public bool NamesAnObject => Route.Contains('{', StringComparison.Ordinal);

        /// <summary>Whether a caller with these roles passes the row's role check (not yet the per-object one).</summary>
        public bool Admits(bool signedIn, IReadOnlyCollection<string> roles) => Caller switch
        {
            Caller.Anonymous => true,
            Caller.SignedIn => signedIn,
            Caller.Billing => signedIn && (roles.Contains(Roles.Billing) || roles.Contains(Roles.Admin)),
            Caller.Admin => signedIn && roles.Contains(Roles.Admin),
            _ => false,
        };
    }

    /// <summary>Every endpoint, in the order Program.cs maps them.</summary>
    public static IReadOnlyList<Row> Rows { get; } =
    [
        new("GET", "/healthz", Surface.Hosting, Caller.Anonymous, ObjectScope.None, Note: "Readiness for scripts and probes; says nothing about anyone."),
        new("GET", "/healthz/ready", Surface.Hosting, Caller.Anonymous, ObjectScope.None, Note: "The same readiness, for Kubernetes' readiness probe."),
        new("GET", "/healthz/live", Surface.Hosting, Caller.Anonymous, ObjectScope.None, Note: "Liveness: the process serves; checks nothing else."),
        new("GET", "/metrics", Surface.Hosting, Caller.Admin, ObjectScope.None, Note: "Prometheus' scrape; anonymous only on its own port (Sandbox__Telemetry__MetricsPort), where nothing else is served."),
        new("GET", "/openapi/{documentName}.json", Surface.Hosting, Caller.Anonymous, ObjectScope.None, Note: "The API's shape is public; its data is not."),

        new("POST", "/api/v1/auth/token", Surface.Api, Caller.Anonymous, ObjectScope.None, Note: "Rate-limited per address; wrong credentials are 401."),
        new("POST", "/api/v1/auth/signin", Surface.Api, Caller.Anonymous, ObjectScope.None, Note: "The portal's cookie sign-in; rate-limited like token."),
        new("GET", "/api/v1/auth/antiforgery", Surface.Api, Caller.SignedIn, ObjectScope.None),
        new("POST", "/api/v1/auth/signout", Surface.Api, Caller.SignedIn, ObjectScope.None, Note: "Ends every token of the caller only."),
        new("GET", "/api/v1/me", Surface.Api, Caller.SignedIn, ObjectScope.None, Note: "Always the caller's own account and roles."),

        new("POST", "/api/v1/members", Surface.Api, Caller.Admin, ObjectScope.None),
        new("GET", "/api/v1/members", Surface.Api, Caller.Admin, ObjectScope.None),
        new("GET", "/api/v1/members/homes", Surface.Api, Caller.Admin, ObjectScope.None, Note: "Home sizes name every member."),
        new("GET", "/api/v1/members/{id}", Surface.Api, Caller.Admin, ObjectScope.None, Note: "Analysts may not read members, not even themselves (403)."),
        new("PATCH", "/api/v1/members/{id}", Surface.Api, Caller.Admin, ObjectScope.None, Note: "Roles and tiers are granted here, so never by the member."),
        new("POST", "/api/v1/members/{id}/disable", Surface.Api, Caller.Admin, ObjectScope.None, Note: "Not one's own (409 member.disable_self)."),
        new("POST", "/api/v1/members/{id}/enable", Surface.Api, Caller.Admin, ObjectScope.None),
        new("DELETE", "/api/v1/members/{id}", Surface.Api, Caller.Admin, ObjectScope.None, Note: "Not one's own (409 member.remove_self); erases personal data."),

        new("GET", "/api/v1/profiles", Surface.Api, Caller.SignedIn, ObjectScope.None),
        new("GET", "/api/v1/sizes", Surface.Api, Caller.SignedIn, ObjectScope.None, Note: "Priced at the caller's own tier."),
        new("GET", "/api/v1/me/quota", Surface.Api, Caller.SignedIn, ObjectScope.None, Note: "Always the caller's own."),
        new("GET", "/api/v1/usage", Surface.Api, Caller.SignedIn, ObjectScope.None,
            Note: "Analysts see their own; ?member= of someone else is 403 usage.forbidden unless billing or admin."),
        new("GET", "/api/v1/invoices", Surface.Api, Caller.Billing, ObjectScope.None),
        new("GET", "/api/v1/invoices/{month}/versions", Surface.Api, Caller.Billing, ObjectScope.None),
        new("POST", "/api/v1/invoices/{month}/reissue", Surface.Api, Caller.Billing, ObjectScope.None),
        new("GET", "/api/v1/rate-cards", Surface.Api, Caller.SignedIn, ObjectScope.None, Note: "Prices are public to members."),
        new("POST", "/api/v1/rate-cards", Surface.Api, Caller.Admin, ObjectScope.None),
        new("GET", "/api/v1/billing/members", Surface.Api, Caller.Billing, ObjectScope.None, Note: "Names and e-mails for the billing desk; analysts and mentors get 403."),
        new("POST", "/api/v1/credits", Surface.Api, Caller.Admin, ObjectScope.None),
        new("GET", "/api/v1/credits", Surface.Api, Caller.Billing, ObjectScope.None),

        new("POST", "/api/v1/sessions", Surface.Api, Caller.SignedIn, ObjectScope.None, Note: "Always launched as the caller's own."),
        new("GET", "/api/v1/sessions", Surface.Api, Caller.SignedIn, ObjectScope.None, Note: "Lists own and shared sessions only."),
        new("GET", "/api/v1/sessions/{id}", Surface.Api, Caller.SignedIn, ObjectScope.OwnerOrShared),
        new("DELETE", "/api/v1/sessions/{id}", Surface.Api, Caller.SignedIn, ObjectScope.Owner,
            Note: "A mentor it is shared with can see it, so is told 403 session.owner_only rather than 404."),
        new("POST", "/api/v1/sessions/{id}/handoff", Surface.Api, Caller.SignedIn, ObjectScope.OwnerOrShared,
            Note: "A one-time code for the notebook's own origin; a mentor needs the mentor role too. Not running: 409 session.not_running."),
        new("POST", "/api/v1/sessions/{id}/shares", Surface.Api, Caller.SignedIn, ObjectScope.Owner, Note: "The mentor it is shared with gets 404 too."),
        new("GET", "/api/v1/sessions/{id}/shares", Surface.Api, Caller.SignedIn, ObjectScope.Owner),
        new("DELETE", "/api/v1/sessions/{id}/shares/{member}", Surface.Api, Caller.SignedIn, ObjectScope.Owner),
        new("GET", "/api/v1/me/shares", Surface.Api, Caller.SignedIn, ObjectScope.None, Note: "Only the shares to the caller."),
        new("GET", "/api/v1/mentors", Surface.Api, Caller.SignedIn, ObjectScope.None, Note: "Id and display name only: whom an analyst may invite."),

        new("GET", "/api/v1/audit", Surface.Api, Caller.Billing, ObjectScope.None, Note: "Billing staff see money events only, admins everything."),

        new("POST", "/api/v1/datasets", Surface.Api, Caller.Admin, ObjectScope.None),
        new("GET", "/api/v1/datasets", Surface.Api, Caller.SignedIn, ObjectScope.None),
        new("GET", "/api/v1/datasets/{name}", Surface.Api, Caller.SignedIn, ObjectScope.None, Note: "The catalog is shared by all: no per-object rule."),
        new("PUT", "/api/v1/datasets/{name}/access", Surface.Api, Caller.Admin, ObjectScope.None),
        new("POST", "/api/v1/datasets/{name}/versions/{version}/withdraw", Surface.Api, Caller.Admin, ObjectScope.None),
        new("GET", "/api/v1/datasets/{name}/versions/{version}/preview", Surface.Api, Caller.SignedIn, ObjectScope.None,
            Note: "Shared like the catalog until entitlements exist (DatasetPreviewer.MayPreview)."),

        new("ANY", "/s/{sessionId}/{**rest}", Surface.Proxy, Caller.SignedIn, ObjectScope.OwnerOrShared,
            Note: "Scripts only: a bearer token, never a cookie, never a page for a browser (browsers use the notebook's own origin). 404 for everyone else, and for anyone while the notebook is not running."),
        new("ANY", "/hubs/sessions", Surface.Hub, Caller.SignedIn, ObjectScope.None,
            Note: "Any signed-in caller may connect; each is told only about the sessions GET /api/v1/sessions/{id} shows them (LiveFanOut). Foreign Origin: 403 hub.origin_refused."),
    ];
}
