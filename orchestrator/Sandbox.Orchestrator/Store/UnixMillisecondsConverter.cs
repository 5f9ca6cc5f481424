using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Sandbox.Orchestrator.Store;

/// <summary>Stores an instant as Unix milliseconds (UTC); read back with a zero offset.</summary>
internal sealed class UnixMillisecondsConverter() : ValueConverter<DateTimeOffset, long>(
    v => v.ToUnixTimeMilliseconds(),
    v => DateTimeOffset.FromUnixTimeMilliseconds(v));
