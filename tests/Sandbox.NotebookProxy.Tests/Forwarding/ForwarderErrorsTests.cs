using Microsoft.AspNetCore.Http;
using Sandbox.NotebookProxy.Forwarding;
using Sandbox.NotebookProxy.Problems;
using Yarp.ReverseProxy.Forwarder;

namespace Sandbox.NotebookProxy.Tests.Forwarding;

// Failures are named in the data: ProxyFailure is internal, and xunit's theories must be public.
public sealed class ForwarderErrorsTests
{
    private static readonly ExchangeState Running = new(CallerGone: false, ClosedByRegistry: false, HandshakeTimedOut: false, ResponseStarted: false);
    private static readonly ExchangeState Streaming = Running with { ResponseStarted = true };

    [Theory]
    [InlineData(ForwarderError.Request, nameof(ProxyFailure.UpstreamUnavailable))]
    [InlineData(ForwarderError.RequestCreation, nameof(ProxyFailure.UpstreamUnavailable))]
    [InlineData(ForwarderError.ResponseHeaders, nameof(ProxyFailure.UpstreamUnavailable))]
    [InlineData(ForwarderError.RequestTimedOut, nameof(ProxyFailure.UpstreamTimeout))]
    [InlineData(ForwarderError.RequestCanceled, nameof(ProxyFailure.NoOneToAnswer))]
    [InlineData(ForwarderError.RequestBodyClient, nameof(ProxyFailure.BadRequestBody))]
    [InlineData(ForwarderError.RequestBodyDestination, nameof(ProxyFailure.UpstreamUnavailable))]
    [InlineData(ForwarderError.RequestBodyCanceled, nameof(ProxyFailure.NoOneToAnswer))]
    [InlineData(ForwarderError.ResponseBodyDestination, nameof(ProxyFailure.UpstreamUnavailable))]
    [InlineData(ForwarderError.ResponseBodyClient, nameof(ProxyFailure.NoOneToAnswer))]
    [InlineData(ForwarderError.UpgradeActivityTimeout, nameof(ProxyFailure.NoOneToAnswer))]
    [InlineData(ForwarderError.UpgradeResponseDestination, nameof(ProxyFailure.NoOneToAnswer))]
    [InlineData(ForwarderError.None, nameof(ProxyFailure.None))]
    public void Before_the_response_starts_each_error_has_its_failure(ForwarderError error, string expected)
    {
        Assert.Equal(Enum.Parse<ProxyFailure>(expected), ForwarderErrors.Classify(error, new InvalidOperationException(), Running));
    }

    [Fact]
    public void A_connect_timeout_is_unreachable_not_slow()
    {
        var connectTimeout = new TaskCanceledException("connect", new TimeoutException());

        Assert.Equal(ProxyFailure.UpstreamUnavailable, ForwarderErrors.Classify(ForwarderError.RequestTimedOut, connectTimeout, Running));
    }

    [Fact]
    public void A_late_websocket_handshake_is_a_timeout()
    {
        Assert.Equal(ProxyFailure.UpstreamTimeout, ForwarderErrors.Classify(ForwarderError.RequestCanceled, new TaskCanceledException(), Running with { HandshakeTimedOut = true }));
    }

    [Fact]
    public void A_body_over_the_limit_is_too_large_even_when_wrapped()
    {
        var wrapped = new AggregateException(new BadHttpRequestException("too large", StatusCodes.Status413PayloadTooLarge), new HttpRequestException());

        Assert.Equal(ProxyFailure.RequestBodyTooLarge, ForwarderErrors.Classify(ForwarderError.RequestBodyClient, wrapped, Running));
    }

    [Theory]
    [InlineData(ForwarderError.ResponseBodyDestination, nameof(ProxyFailure.ResponseCutShort))]
    [InlineData(ForwarderError.ResponseBodyCanceled, nameof(ProxyFailure.ResponseCutShort))]
    [InlineData(ForwarderError.RequestBodyClient, nameof(ProxyFailure.NoOneToAnswer))]
    [InlineData(ForwarderError.RequestBodyDestination, nameof(ProxyFailure.NoOneToAnswer))]
    public void After_the_response_started_only_a_failing_notebook_cuts_it(ForwarderError error, string expected)
    {
        Assert.Equal(Enum.Parse<ProxyFailure>(expected), ForwarderErrors.Classify(error, new IOException(), Streaming));
    }

    [Theory]
    [InlineData(ForwarderError.Request)]
    [InlineData(ForwarderError.RequestTimedOut)]
    [InlineData(ForwarderError.ResponseBodyDestination)]
    public void A_caller_who_left_or_was_cut_off_gets_no_answer(ForwarderError error)
    {
        Assert.Equal(ProxyFailure.NoOneToAnswer, ForwarderErrors.Classify(error, null, Running with { CallerGone = true }));
        Assert.Equal(ProxyFailure.NoOneToAnswer, ForwarderErrors.Classify(error, null, Streaming with { ClosedByRegistry = true }));
    }
}
