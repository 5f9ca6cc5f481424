using System.Globalization;

namespace Sandbox.Runtime.Docker.Client;

/// <summary>
/// Chooses the Engine API version to speak: the highest both sides know, as the docker CLI does. Docker.DotNet does not
/// negotiate by itself (unversioned requests get whatever the engine calls current, and a pinned version is refused
/// by engines that dropped it: Engine 29 refuses anything below 1.44), so the adapter asks the engine's
/// <c>/version</c> once and pins the result. Pure.
/// </summary>
internal static class ApiVersionNegotiation
{
    /// <summary>
    /// The version to use, or null with <paramref name="error"/> saying why none fits (an engine newer than this client
    /// can serve, or one older than the oldest version the adapter's requests are written for).
    /// </summary>
    /// <param name="clientMax">The newest version the client library's models describe.</param>
    /// <param name="clientMin">The oldest version the adapter's requests work with.</param>
    /// <param name="engineVersion">The engine's <c>ApiVersion</c>.</param>
    /// <param name="engineMinVersion">The engine's <c>MinAPIVersion</c>, when it says.</param>
    /// <param name="error">Why no version fits.</param>
    public static Version? Choose(Version clientMax, Version clientMin, string? engineVersion, string? engineMinVersion, out string? error)
    {
        error = null;
        if (!TryParse(engineVersion, out var engineMax))
        {
            error = $"the engine reported no usable API version ('{engineVersion}')";
            return null;
        }

        var chosen = engineMax < clientMax ? engineMax : clientMax;
        if (TryParse(engineMinVersion, out var engineMin) && chosen < engineMin)
        {
            error = $"the engine accepts API {engineMin} or newer, and this client speaks at most {clientMax}";
            return null;
        }

        if (chosen < clientMin)
        {
            error = $"the engine speaks API {engineMax}, older than {clientMin}, the oldest this adapter supports";
            return null;
        }

        return chosen;
    }

    private static bool TryParse(string? text, out Version version)
    {
        version = new Version(0, 0);
        if (string.IsNullOrWhiteSpace(text) || !Version.TryParse(text.Trim(), out var parsed) || parsed.Build >= 0)
        {
            return false;
        }

        version = new Version(parsed.Major, parsed.Minor);
        return true;
    }

    /// <summary>The path segment of a version, <c>v1.41</c>.</summary>
    public static string Segment(Version version) => string.Create(CultureInfo.InvariantCulture, $"v{version.Major}.{version.Minor}");
}
