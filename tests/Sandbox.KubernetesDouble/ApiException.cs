namespace Sandbox.KubernetesDouble;

/// <summary>
/// A failed API call, answered as the real API server does: a <c>Status</c> body with <see cref="Code"/>, a stable
/// <see cref="Reason"/> (<c>NotFound</c>, <c>AlreadyExists</c>, <c>Conflict</c>, <c>Invalid</c>, <c>Expired</c>, ...), a
/// message for people, and the object's name and kind in <c>details</c>.
/// </summary>
public sealed class ApiException : Exception
{
    /// <summary>Creates the failure.</summary>
    public ApiException(int code, string reason, string message, string? name = null, string? kind = null, string? group = null,
        IReadOnlyList<StatusCause>? causes = null) : base(message)
    {
        Code = code;
        Reason = reason;
        Name = name;
        Kind = kind;
        Group = group;
        Causes = causes ?? [];
    }

    /// <summary>The HTTP status code.</summary>
    public int Code { get; }

    /// <summary>The machine-readable reason.</summary>
    public string Reason { get; }

    /// <summary><c>details.name</c>.</summary>
    public string? Name { get; }

    /// <summary><c>details.kind</c>.</summary>
    public string? Kind { get; }

    /// <summary><c>details.group</c>.</summary>
    public string? Group { get; }

    /// <summary><c>details.causes</c>: the fields that are invalid.</summary>
    public IReadOnlyList<StatusCause> Causes { get; }

    /// <summary>404 NotFound for an object.</summary>
    public static ApiException NotFound(ApiResource resource, string name) =>
        new(404, "NotFound", $"{resource.QualifiedName} \"{name}\" not found", name, resource.Plural, NullIfEmpty(resource.Group));

    /// <summary>409 AlreadyExists for a create whose name is taken.</summary>
    public static ApiException AlreadyExists(ApiResource resource, string name) =>
        new(409, "AlreadyExists", $"{resource.QualifiedName} \"{name}\" already exists", name, resource.Plural, NullIfEmpty(resource.Group));

    /// <summary>409 Conflict: a stale resourceVersion or a failed precondition.</summary>
    public static ApiException Conflict(ApiResource resource, string name, string why) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {resource.QualifiedName} \"{name}\": {why}", name, resource.Plural, NullIfEmpty(resource.Group));

    /// <summary>422 Invalid with the fields at fault.</summary>
    public static ApiException Invalid(ApiResource resource, string name, IReadOnlyList<StatusCause> causes) =>
        new(422, "Invalid",
            $"{resource.Kind} \"{name}\" is invalid: " + string.Join(", ", causes.Select(c => $"{c.Field}: {c.Message}")),
            name, resource.Kind, NullIfEmpty(resource.Group), causes);

    /// <summary>400 BadRequest.</summary>
    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    /// <summary>410 Expired: a resourceVersion older than the history the server keeps.</summary>
    public static ApiException Expired(long requested, long oldest) =>
        new(410, "Expired", $"too old resource version: {requested} ({oldest})");

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}

/// <summary>One entry of a Status's <c>details.causes</c>: <c>reason</c> (<c>FieldValueInvalid</c>, <c>FieldValueRequired</c>), the field and a message.</summary>
public sealed record StatusCause(string Reason, string Field, string Message);
