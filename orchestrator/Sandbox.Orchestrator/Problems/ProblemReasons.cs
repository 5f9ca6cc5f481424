namespace Sandbox.Orchestrator.Problems;

/// <summary>Reasons for problems the framework raises before an endpoint runs.</summary>
internal static class ProblemReasons
{
    public const string Unauthenticated = "auth.unauthenticated";
    public const string Forbidden = "auth.forbidden";
    public const string NotFound = "not_found";
    public const string MethodNotAllowed = "request.method_not_allowed";
    public const string MalformedJson = "request.malformed_json";
    public const string MissingBody = "request.missing_body";
    public const string BodyTooLarge = "request.body_too_large";
    public const string UnsupportedMediaType = "request.unsupported_media_type";
    public const string BadRequest = "request.invalid";
    public const string Internal = "internal_error";
    public const string StoreUnavailable = "store.unavailable";
    public const string RuntimeUnavailable = "runtime.unavailable";

    public static string ForStatus(int status) => status switch
    {
        401 => Unauthenticated,
        403 => Forbidden,
        404 => NotFound,
        405 => MethodNotAllowed,
        413 => BodyTooLarge,
        415 => UnsupportedMediaType,
        >= 500 => Internal,
        _ => BadRequest,
    };
}
