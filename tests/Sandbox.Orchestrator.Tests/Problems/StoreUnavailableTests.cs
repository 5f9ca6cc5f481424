using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Sandbox.Orchestrator.Problems;

namespace Sandbox.Orchestrator.Tests.Problems;

/// <summary>Which store failures are "cannot serve now" (503, try again) rather than a request gone wrong (500).</summary>
public sealed class StoreUnavailableTests
{
    [Theory]
    [InlineData("53300")] // too many connections
    [InlineData("57P01")] // the server is shutting down
    [InlineData("57P03")] // the server is starting
    [InlineData("40001")] // serialization failure
    public void A_server_that_cannot_serve_now_is_unavailable(string sqlState) =>
        Assert.True(StoreUnavailable.Caused(new PostgresException("no", "FATAL", "FATAL", sqlState)));

    [Theory]
    [InlineData("23505")] // a unique key taken
    [InlineData("42P01")] // a table that does not exist
    public void A_statement_the_server_refuses_is_not(string sqlState) =>
        Assert.False(StoreUnavailable.Caused(new PostgresException("no", "ERROR", "ERROR", sqlState)));

    [Fact]
    public void A_server_that_cannot_be_reached_is_unavailable_also_when_ef_core_wraps_it()
    {
        var refused = new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused));

        Assert.True(StoreUnavailable.Caused(refused));
        Assert.True(StoreUnavailable.Caused(new DbUpdateException("saving failed", refused)));
        Assert.True(StoreUnavailable.Caused(new InvalidOperationException("transient failure", refused)));
    }

    [Fact]
    public void A_busy_embedded_store_is_unavailable_and_a_broken_constraint_is_not()
    {
        Assert.True(StoreUnavailable.Caused(new SqliteException("database is locked", 5)));
        Assert.False(StoreUnavailable.Caused(new SqliteException("UNIQUE constraint failed", 19)));
        Assert.False(StoreUnavailable.Caused(new InvalidOperationException("a bug")));
        Assert.False(StoreUnavailable.Caused(null));
    }
}
