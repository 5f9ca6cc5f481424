namespace Sandbox.IntegrationTests.Authorization;

/// <summary>The authorization tests share one orchestrator and its objects, and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class AuthorizationTestGroup : ICollectionFixture<AuthorizationFixture>
{
    public const string Name = "Authorization";
}
