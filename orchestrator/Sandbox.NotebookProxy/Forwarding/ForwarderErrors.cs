using Microsoft.AspNetCore.Http;
using Sandbox.NotebookProxy.Problems;
using Yarp.ReverseProxy.Forwarder;

namespace Sandbox.NotebookProxy.Forwarding;

/// <summary>
/// Maps the forwarder's <see cref="ForwarderError"/> onto the proxy's own <see cref="ProxyFailure"/>, and so onto the
/// stable problem reasons callers see. Pure, so every branch is tested without a network.
/// </summary>
internal static class ForwarderErrors
{
    public static ProxyFailure Classify(ForwarderError error, Exception? exception, ExchangeState state)
    {
        if (error == ForwarderError.None)
        {
            return ProxyFailure.None;
        }

        // 1. Nobody is left to tell: the caller went away, or lost access and was cut. Both also show up as cancellations.
        if (state.CallerGone || state.ClosedByRegistry)
        {
            return ProxyFailure.NoOneToAnswer;
        }

        switch (error)
        {
            // 2. Before the notebook answered.
            case ForwarderError.Request or ForwarderError.RequestCreation or ForwarderError.NoAvailableDestinations or ForwarderError.ResponseHeaders:
                return ProxyFailure.UpstreamUnavailable;
            case ForwarderError.RequestTimedOut:
                // The handler's connect timeout is reported as a timeout too, but it means "unreachable", not "slow".
                return Contains<TimeoutException>(exception) ? ProxyFailure.UpstreamUnavailable : ProxyFailure.UpstreamTimeout;
            case ForwarderError.RequestCanceled:
                return state.HandshakeTimedOut ? ProxyFailure.UpstreamTimeout : ProxyFailure.NoOneToAnswer;

            // 3. The request body. Once the notebook's answer is on its way, the exchange counts as done.
            case ForwarderError.RequestBodyClient when !state.ResponseStarted:
                return Find<BadHttpRequestException>(exception) is { StatusCode: StatusCodes.Status413PayloadTooLarge }
                    ? ProxyFailure.RequestBodyTooLarge
                    : ProxyFailure.BadRequestBody;
            case ForwarderError.RequestBodyDestination when !state.ResponseStarted:
                return ProxyFailure.UpstreamUnavailable;
            case ForwarderError.RequestBodyClient or ForwarderError.RequestBodyDestination or ForwarderError.RequestBodyCanceled:
                return ProxyFailure.NoOneToAnswer;

            // 4. The response body: the notebook failed or stalled (the caller being gone was ruled out above).
            case ForwarderError.ResponseBodyDestination or ForwarderError.ResponseBodyCanceled:
                return state.ResponseStarted ? ProxyFailure.ResponseCutShort : ProxyFailure.UpstreamUnavailable;

            // 5. Upgraded connections (WebSockets) have no status left to send, whatever ended them.
            default:
                return ProxyFailure.NoOneToAnswer;
        }
    }

    private static bool Contains<T>(Exception? exception)
        where T : Exception => Find<T>(exception) is not null;

    private static T? Find<T>(Exception? exception)
        where T : Exception
    {
        while (exception is not null)
        {
            if (exception is T found)
            {
                return found;
            }

            if (exception is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    if (Find<T>(inner) is { } nested)
                    {
                        return nested;
                    }
                }

                return null;
            }

            exception = exception.InnerException;
        }

        return null;
    }
}
