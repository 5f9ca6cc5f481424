using System.Text.Json.Nodes;

namespace Sandbox.KubernetesDouble;

/// <summary>The <c>Status</c> objects the API server answers with: failures, and the success of a delete of a kind whose delete returns no object.</summary>
public static class StatusBody
{
    /// <summary>The failure body of <paramref name="error"/>.</summary>
    public static JsonObject Failure(ApiException error)
    {
        var details = new JsonObject();
        if (error.Name is not null) details["name"] = error.Name;
        if (error.Group is not null) details["group"] = error.Group;
        if (error.Kind is not null) details["kind"] = error.Kind;
        if (error.Causes.Count > 0)
        {
            details["causes"] = new JsonArray(error.Causes.Select(c =>
                (JsonNode)new JsonObject { ["reason"] = c.Reason, ["message"] = c.Message, ["field"] = c.Field }).ToArray());
        }
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = error.Message,
            ["reason"] = error.Reason,
        };
        if (details.Count > 0) status["details"] = details;
        status["code"] = error.Code;
        return status;
    }

    /// <summary>The success body of a delete: <c>details</c> name the object, its kind (plural) and uid.</summary>
    public static JsonObject DeleteSuccess(ApiResource resource, string name, string uid)
    {
        var details = new JsonObject { ["name"] = name };
        if (resource.Group.Length > 0) details["group"] = resource.Group;
        details["kind"] = resource.Plural;
        details["uid"] = uid;
        return new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
            ["details"] = details,
        };
    }
}
