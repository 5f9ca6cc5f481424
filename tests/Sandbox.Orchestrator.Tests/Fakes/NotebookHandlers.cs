using System.Net;

namespace Sandbox.Orchestrator.Tests.Fakes;

/// <summary>A notebook server that answers every status request, checking the token header is sent.</summary>
internal sealed class AnsweringNotebook : HttpMessageHandler
{
    public int Requests;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Requests);
        var authorized = request.Headers.Authorization is { Scheme: "token", Parameter.Length: 64 };
        return Task.FromResult(new HttpResponseMessage(authorized ? HttpStatusCode.OK : HttpStatusCode.Forbidden));
    }
}

/// <summary>A notebook server that never answers (connection refused), as while Jupyter is still starting or hung.</summary>
internal sealed class SilentNotebook : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        throw new HttpRequestException("Connection refused");
}
