using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Sandbox.KubernetesDouble;

/// <summary>
/// The API double's HTTP surface: routes <c>/api/v1/namespaces/{ns}/{kind}[/{name}[/log]]</c> and
/// <c>/apis/networking.k8s.io/v1/namespaces/{ns}/networkpolicies[/{name}]</c> (plus cluster-wide GET lists and watches,
/// and a minimal <c>/version</c>, <c>/api</c>, <c>/apis</c>) to the store, and answers every failure with a Status body.
/// </summary>
internal sealed class KubernetesApiHandler(KubernetesApiDouble server)
{
    private const string MergePatchType = "application/merge-patch+json";
    private const string StrategicMergePatchType = "application/strategic-merge-patch+json";

    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            if (server.Unavailable)
            {
                if (server.ResetConnectionsWhileUnavailable)
                {
                    context.Abort();
                    return;
                }
                context.Response.Headers.RetryAfter = "1";
                throw new ApiException(503, "ServiceUnavailable", "the server is currently unable to handle the request");
            }
            if (server.WritesUnavailable && !HttpMethods.IsGet(context.Request.Method))
            {
                context.Response.Headers.RetryAfter = "1";
                throw new ApiException(503, "ServiceUnavailable", "the server is currently unable to handle the request: storage unavailable");
            }
            await RouteAsync(context);
        }
        catch (ApiException error)
        {
            if (!context.Response.HasStarted) await WriteJsonAsync(context, error.Code, JsonBytes.Of(StatusBody.Failure(error)));
        }
        catch (Exception error) when (error is not OperationCanceledException && !context.Response.HasStarted)
        {
            // A fault of the double itself: answered as the real server answers its own faults, so tests see it.
            await WriteJsonAsync(context, 500, JsonBytes.Of(StatusBody.Failure(
                new ApiException(500, "InternalError", $"Internal error occurred: {error.GetType().Name}: {error.Message}"))));
        }
    }

    private async Task RouteAsync(HttpContext context)
    {
        var method = context.Request.Method;
        var segments = (context.Request.Path.Value ?? "").Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        switch (segments)
        {
            case ["version"]:
                await WriteJsonAsync(context, 200, """{"major":"1","minor":"33","gitVersion":"v1.33.0-double","platform":"linux/amd64"}"""u8.ToArray());
                return;
            case ["api"]:
                await WriteJsonAsync(context, 200, """{"kind":"APIVersions","versions":["v1"],"serverAddressByClientCIDRs":[]}"""u8.ToArray());
                return;
            case ["apis"]:
                await WriteJsonAsync(context, 200, """{"kind":"APIGroupList","apiVersion":"v1","groups":[{"name":"networking.k8s.io","versions":[{"groupVersion":"networking.k8s.io/v1","version":"v1"}],"preferredVersion":{"groupVersion":"networking.k8s.io/v1","version":"v1"}}]}"""u8.ToArray());
                return;
            case ["api", "v1"]:
                await WriteJsonAsync(context, 200, ResourceList("v1", ""));
                return;
            case ["apis", "networking.k8s.io", "v1"]:
                await WriteJsonAsync(context, 200, ResourceList("networking.k8s.io/v1", "networking.k8s.io"));
                return;
            case ["api", "v1", "namespaces", var ns, var plural, .. var rest]:
                await ResourceAsync(context, method, Resolve(plural, ""), ns, rest);
                return;
            case ["apis", var group, "v1", "namespaces", var ns, var plural, .. var rest]:
                await ResourceAsync(context, method, Resolve(plural, group), ns, rest);
                return;
            case ["api", "v1", var plural] when method == "GET":
                await CollectionAsync(context, Resolve(plural, ""), null);
                return;
            case ["apis", var group, "v1", var plural] when method == "GET":
                await CollectionAsync(context, Resolve(plural, group), null);
                return;
            default:
                throw NotServed();
        }
    }

    private async Task ResourceAsync(HttpContext context, string method, ApiResource resource, string ns, string[] rest)
    {
        var store = server.Store;
        switch (rest, method)
        {
            case ([], "GET"):
                await CollectionAsync(context, resource, ns);
                return;
            case ([], "POST"):
                var created = store.Create(resource, ns, await ReadObjectAsync(context, requireJson: true));
                await WriteJsonAsync(context, 201, created.Json);
                return;
            case ([var name], "GET"):
                var found = store.Find(resource, ns, name) ?? throw ApiException.NotFound(resource, name);
                await WriteJsonAsync(context, 200, found.Json);
                return;
            case ([var name], "PUT"):
                await WriteJsonAsync(context, 200, store.Replace(resource, ns, name, await ReadObjectAsync(context, requireJson: true)).Json);
                return;
            case ([var name], "PATCH"):
                var mediaType = (context.Request.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
                if (mediaType is not (MergePatchType or StrategicMergePatchType))
                {
                    throw new ApiException(415, "UnsupportedMediaType",
                        $"the body of the request was in an unknown format - accepted media types include: {MergePatchType}, {StrategicMergePatchType}");
                }
                await WriteJsonAsync(context, 200, store.Patch(resource, ns, name, await ReadObjectAsync(context, requireJson: false)).Json);
                return;
            case ([var name], "DELETE"):
                var body = context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0
                    ? await ReadObjectAsync(context, requireJson: false, allowEmpty: true)
                    : null;
                var outcome = store.Delete(resource, ns, name, DeleteOptions.Read(Query(context), body));
                var answer = !outcome.Gone || resource.DeleteReturnsObject
                    ? outcome.Object.Json
                    : JsonBytes.Of(StatusBody.DeleteSuccess(resource, name, outcome.Object.Uid));
                await WriteJsonAsync(context, 200, answer);
                return;
            case ([var name, "log"], "GET") when resource == ApiResource.Pods:
                await PodLogAsync(context, ns, name);
                return;
            case ([] or [_], _):
                throw new ApiException(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
            default:
                throw NotServed();
        }
    }

    private async Task CollectionAsync(HttpContext context, ApiResource resource, string? ns)
    {
        var query = Query(context);
        var labels = LabelSelector.Parse(query.GetValueOrDefault("labelSelector"));
        var fields = FieldSelector.Parse(query.GetValueOrDefault("fieldSelector"), resource);
        if (query.GetValueOrDefault("watch") is "true" or "1")
        {
            var watch = new WatchStream(server, context, resource, ns, labels, fields, query.GetValueOrDefault("allowWatchBookmarks") is "true" or "1");
            await watch.ServeAsync(query.GetValueOrDefault("resourceVersion"), Int(query, "timeoutSeconds"));
            return;
        }
        var page = server.Store.List(resource, ns, labels, fields, Int(query, "limit"), query.GetValueOrDefault("continue"));
        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = "application/json";
        var head = new StringBuilder()
            .Append("{\"kind\":\"").Append(resource.ListKind).Append("\",\"apiVersion\":\"").Append(resource.ApiVersion)
            .Append("\",\"metadata\":{\"resourceVersion\":\"").Append(page.Version.ToString(CultureInfo.InvariantCulture)).Append('"');
        if (page.Continue is not null)
        {
            head.Append(",\"continue\":\"").Append(page.Continue).Append("\",\"remainingItemCount\":").Append(page.RemainingItemCount!.Value.ToString(CultureInfo.InvariantCulture));
        }
        head.Append("},\"items\":[");
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(head.ToString()));
        for (var i = 0; i < page.Items.Count; i++)
        {
            if (i > 0) await response.Body.WriteAsync(","u8.ToArray());
            await response.Body.WriteAsync(page.Items[i].Json);
        }
        await response.Body.WriteAsync("]}"u8.ToArray());
    }

    private async Task PodLogAsync(HttpContext context, string ns, string name)
    {
        var pod = server.Store.Find(ApiResource.Pods, ns, name) ?? throw ApiException.NotFound(ApiResource.Pods, name);
        var query = Query(context);
        using var document = JsonDocument.Parse(pod.Json);
        var containers = document.RootElement.GetProperty("spec").GetProperty("containers").EnumerateArray()
            .Select(c => c.GetProperty("name").GetString()!).ToList();
        var container = query.GetValueOrDefault("container");
        if (string.IsNullOrEmpty(container))
        {
            if (containers.Count != 1)
            {
                throw ApiException.BadRequest($"a container name must be specified for pod {name}, choose one of: [{string.Join(" ", containers)}]");
            }
            container = containers[0];
        }
        else if (!containers.Contains(container))
        {
            throw ApiException.BadRequest($"container {container} is not valid for pod {name}");
        }
        var request = new PodLogRequest(ns, name, container, query.GetValueOrDefault("follow") is "true" or "1",
            Int(query, "tailLines"), query.GetValueOrDefault("timestamps") is "true" or "1");
        var stream = server.PodLogs is { } logs ? await logs.OpenAsync(request, context.RequestAborted) : null;
        if (stream is null)
        {
            throw ApiException.BadRequest($"container \"{container}\" in pod \"{name}\" is waiting to start: ContainerCreating");
        }
        await using (stream)
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "text/plain";
            await context.Response.StartAsync(context.RequestAborted);
            var buffer = new byte[16 * 1024];
            try
            {
                int read;
                while ((read = await stream.ReadAsync(buffer, context.RequestAborted)) > 0)
                {
                    await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                }
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
            }
        }
    }

    private static ApiResource Resolve(string plural, string group) =>
        ApiResource.Find(plural) is { } resource && resource.Group == group ? resource : throw NotServed();

    private static ApiException NotServed() => new(404, "NotFound", "the server could not find the requested resource");

    private static async Task<JsonObject> ReadObjectAsync(HttpContext context, bool requireJson, bool allowEmpty = false)
    {
        var mediaType = (context.Request.ContentType ?? "application/json").Split(';')[0].Trim().ToLowerInvariant();
        if (requireJson && mediaType != "application/json")
        {
            throw new ApiException(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json (got {mediaType})");
        }
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        if (buffer.Length == 0)
        {
            return allowEmpty ? [] : throw ApiException.BadRequest("the request body is empty");
        }
        try
        {
            return JsonNode.Parse(buffer.ToArray()) as JsonObject ?? throw ApiException.BadRequest("the request body must be a JSON object");
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest($"the body of the request could not be decoded as JSON: {e.Message}");
        }
    }

    private static Dictionary<string, string?> Query(HttpContext context) =>
        context.Request.Query.ToDictionary(p => p.Key, p => (string?)p.Value.ToString(), StringComparer.Ordinal);

    private static int? Int(Dictionary<string, string?> query, string name) =>
        query.GetValueOrDefault(name) is not { Length: > 0 } text ? null
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value
        : throw ApiException.BadRequest($"{name}: invalid value \"{text}\"");

    private static byte[] ResourceList(string groupVersion, string group)
    {
        var resources = new JsonArray(ApiResource.All.Where(r => r.Group == group).Select(r => (JsonNode)new JsonObject
        {
            ["name"] = r.Plural,
            ["singularName"] = r.Kind.ToLowerInvariant(),
            ["namespaced"] = true,
            ["kind"] = r.Kind,
            ["verbs"] = new JsonArray("create", "delete", "get", "list", "patch", "update", "watch"),
        }).ToArray());
        return JsonBytes.Of(new JsonObject { ["kind"] = "APIResourceList", ["apiVersion"] = "v1", ["groupVersion"] = groupVersion, ["resources"] = resources });
    }

    private static async Task WriteJsonAsync(HttpContext context, int code, byte[] body)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(body);
    }
}
