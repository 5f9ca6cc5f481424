using Microsoft.Data.Sqlite;
using Npgsql;

namespace Sandbox.Orchestrator.Problems;

/// <summary>
/// Tells a store that cannot serve now (unreachable, refusing connections, out of connections, shutting down, busy) from
/// a request that went wrong: the first is answered 503 <c>store.unavailable</c>, to be tried again, never 500.
/// </summary>
internal static class StoreUnavailable
{
    /// <summary>SQLite's "database is busy" and "table is locked" result codes.</summary>
    private const int SqliteBusy = 5, SqliteLocked = 6;

    /// <summary>Whether <paramref name="exception"/>, or any exception it wraps (EF Core wraps the driver's), says so.</summary>
    public static bool Caused(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                // Npgsql marks what a retry may cure: network failures, too many connections, a server starting or
                // shutting down, serialization failures and deadlocks.
                case NpgsqlException { IsTransient: true }:
                case PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow }:
                case SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked }:
                    return true;
            }
        }

        return false;
    }
}
