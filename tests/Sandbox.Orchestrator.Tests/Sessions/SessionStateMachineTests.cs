using Sandbox.Orchestrator.Sessions;

namespace Sandbox.Orchestrator.Tests.Sessions;

public sealed class SessionStateMachineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 3, 9, 0, 0, TimeSpan.FromHours(9));

    private static Session NewSession() =>
        Session.Create("abcdefghijklmnop", "m-1", "python", new SessionSize("small", 1, 2, 0), [], "token", null, null, T0);

    private static TheoryData<SessionState, SessionState> Legal => new()
    {
        { SessionState.Pending, SessionState.Provisioning },
        { SessionState.Provisioning, SessionState.Running },
        { SessionState.Pending, SessionState.Stopping },
        { SessionState.Provisioning, SessionState.Stopping },
        { SessionState.Running, SessionState.Stopping },
        { SessionState.Stopping, SessionState.Stopped },
        { SessionState.Pending, SessionState.Failed },
        { SessionState.Provisioning, SessionState.Failed },
        { SessionState.Running, SessionState.Failed },
        { SessionState.Stopping, SessionState.Failed },
    };

    [Fact]
    public void Exactly_the_listed_moves_are_allowed()
    {
        var legal = Legal.Select(row => ((SessionState)row[0], (SessionState)row[1])).ToHashSet();
        foreach (var from in Enum.GetValues<SessionState>())
        {
            foreach (var to in Enum.GetValues<SessionState>())
            {
                Assert.True(legal.Contains((from, to)) == SessionTransitions.IsAllowed(from, to), $"{from} -> {to}");
            }
        }
    }

    [Fact]
    public void A_new_session_is_pending_and_queued()
    {
        var session = NewSession();
        Assert.Equal(SessionState.Pending, session.State);
        Assert.Equal(0, session.Progress);
        Assert.Equal("Queued", session.Message);
        Assert.Equal(T0, session.CreatedAt);
    }

    [Fact]
    public void The_happy_path_records_ready_and_end_instants()
    {
        var session = NewSession();
        session.BeginProvisioning(T0.AddSeconds(1));
        session.MarkReady(T0.AddSeconds(3));
        session.RequestStop(T0.AddHours(2));
        session.BeginStopping(T0.AddHours(2).AddSeconds(1));
        session.MarkStopped(T0.AddHours(2).AddSeconds(4));

        Assert.Equal(SessionState.Stopped, session.State);
        Assert.Equal(T0.AddSeconds(3), session.ReadyAt);
        Assert.Equal(T0.AddHours(2), session.EndedAt);
    }

    [Fact]
    public void An_illegal_move_throws_and_changes_nothing()
    {
        var session = NewSession();
        var error = Assert.Throws<SessionTransitionException>(() => session.MarkReady(T0));
        Assert.Equal(SessionState.Pending, error.From);
        Assert.Equal(SessionState.Running, error.To);
        Assert.Equal(SessionState.Pending, session.State);
        Assert.Null(session.ReadyAt);
    }

    [Fact]
    public void A_terminal_session_cannot_fail_or_stop_again()
    {
        var session = NewSession();
        session.Fail("start_timeout", "too slow", T0.AddMinutes(2));
        Assert.Throws<SessionTransitionException>(() => session.Fail("other", "again", T0.AddMinutes(3)));
        Assert.Throws<SessionTransitionException>(() => session.BeginStopping(T0.AddMinutes(3)));
        Assert.Equal("start_timeout", session.Reason);
        Assert.Equal(T0.AddMinutes(2), session.EndedAt);
    }

    [Fact]
    public void Progress_never_goes_back_and_stays_below_100_until_ready()
    {
        var session = NewSession();
        session.BeginProvisioning(T0);
        session.ReportProgress(60, "Starting");
        session.ReportProgress(40, "Late report");
        Assert.Equal(60, session.Progress);
        session.ReportProgress(150, "Overshoot");
        Assert.Equal(99, session.Progress);
        session.MarkReady(T0.AddSeconds(2));
        Assert.Equal(100, session.Progress);
    }

    [Fact]
    public void A_running_session_that_fails_is_billed_until_last_seen()
    {
        var session = NewSession();
        session.BeginProvisioning(T0);
        session.MarkReady(T0.AddSeconds(2));
        session.RecordSeen(T0.AddMinutes(40));
        session.Fail("sandbox_vanished", "gone", T0.AddMinutes(45));
        Assert.Equal(T0.AddMinutes(40), session.EndedAt);
    }

    [Fact]
    public void Asking_to_stop_twice_keeps_the_first_instant()
    {
        var session = NewSession();
        session.RequestStop(T0.AddMinutes(1));
        session.RequestStop(T0.AddMinutes(5));
        Assert.Equal(T0.AddMinutes(1), session.StopRequestedAt);
    }
}
