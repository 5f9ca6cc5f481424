using Sandbox.Orchestrator.Live;
using Sandbox.Orchestrator.Sharing;

namespace Sandbox.Orchestrator.Tests.Live;

public sealed class SessionAudienceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_owner_and_mentors_with_active_shares_see_a_session_and_revoked_or_expired_ones_do_not()
    {
        SessionShare[] shares =
        [
            new() { MemberId = "active", ExpiresAt = Now.AddMinutes(1) },
            new() { MemberId = "revoked", ExpiresAt = Now.AddMinutes(1), RevokedAt = Now.AddMinutes(-1) },
            new() { MemberId = "expired", ExpiresAt = Now.AddMinutes(-1) },
            new() { MemberId = "ends-now", ExpiresAt = Now },
        ];

        var audience = SessionAudience.Of("owner", shares, Now);

        Assert.Equal(["active", "owner"], audience.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_mentor_with_an_old_revoked_share_and_a_new_active_one_still_sees_it_once()
    {
        SessionShare[] shares =
        [
            new() { MemberId = "mentor", ExpiresAt = Now.AddMinutes(5), RevokedAt = Now.AddMinutes(-2) },
            new() { MemberId = "mentor", ExpiresAt = Now.AddMinutes(30) },
        ];

        Assert.Equal(["mentor", "owner"], SessionAudience.Of("owner", shares, Now).Order(StringComparer.Ordinal));
    }
}
