using Microsoft.AspNetCore.Http;
using Sandbox.Orchestrator.Accounts.Oidc;

namespace Sandbox.Orchestrator.Tests.Accounts;

public sealed class JwtShapeTests
{
    [Theory]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl")]
    [InlineData("eyJ.a.b")]
    [InlineData("eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJlbWFpbCI6ImFAYi5jIn0.AB-_09az")]
    public void Three_base64url_segments_starting_with_a_json_header_are_a_jwt(string token) =>
        Assert.True(JwtShape.Matches(token));

    [Theory]
    // Sandbox's own bearer tokens: one data-protection blob, no dots.
    [InlineData("CfDJ8Nq2yUo3kVxGmRl1Zk5Q7aBcDeFgHiJkLmNoPqRsTuVwXyZ-_0123456789")]
    [InlineData("")]
    [InlineData("eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9..c2lnbmF0dXJl")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln.bmF0")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl=")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.eyJzd+IiOiIxIn0.c2lnbmF0dXJl")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbm F0dXJl")]
    [InlineData("abcdefgh.eyJzdWIiOiIxIn0.c2lnbmF0dXJl")]
    [InlineData("EYJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl")]
    public void Anything_else_is_not(string token) =>
        Assert.False(JwtShape.Matches(token));

    [Theory]
    [InlineData("Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl", true)]
    [InlineData("bearer   eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl  ", true)]
    [InlineData("Bearer CfDJ8Nq2yUo3kVxGmRl1Zk5Q7aBcDeFgHiJkLmNoPqRsTuVw", false)]
    [InlineData("Basic eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl", false)]
    [InlineData("", false)]
    public void A_request_is_read_from_its_authorization_header(string authorization, bool expected)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Authorization = authorization;

        Assert.Equal(expected, JwtShape.IsBearerJwt(context.Request));
    }
}
