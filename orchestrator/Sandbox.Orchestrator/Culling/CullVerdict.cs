namespace Sandbox.Orchestrator.Culling;

/// <summary>What to do about one limit (idle timeout, maximum age) of one session now.</summary>
internal enum CullVerdict
{
    /// <summary>Nothing: the limit is not near, or its warning was already sent.</summary>
    Keep,

    /// <summary>Warn the owner that the session will be stopped.</summary>
    Warn,

    /// <summary>Stop the session.</summary>
    Stop,
}
