using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Sandbox.Runtime.Kubernetes;

/// <summary>Reads the API server's error answers (a <c>Status</c> object in the body of a non-2xx answer).</summary>
internal static class ApiErrors
{
    public static bool Is(this HttpOperationException e, HttpStatusCode code) => e.Response?.StatusCode == code;

    /// <summary>The Status the API server answered with, or null when the body is not one.</summary>
    public static V1Status? StatusOf(HttpOperationException e)
    {
        try
        {
            return string.IsNullOrEmpty(e.Response?.Content) ? null : KubernetesJson.Deserialize<V1Status>(e.Response.Content);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>The API server's message for people, else the HTTP status.</summary>
    public static string MessageOf(HttpOperationException e) =>
        StatusOf(e)?.Message is { Length: > 0 } message ? message : $"HTTP {(int?)e.Response?.StatusCode} {e.Response?.ReasonPhrase}";
}
