namespace Sandbox.NotebookProxy.Headers;

/// <summary>The de-facto standard headers that tell a notebook who really called.</summary>
internal static class ForwardedHeaderNames
{
    public const string For = "X-Forwarded-For";
    public const string Proto = "X-Forwarded-Proto";
    public const string Host = "X-Forwarded-Host";
}
