using System.Text.Json.Nodes;

namespace Sandbox.KubernetesDouble;

/// <summary>
/// What the double's controllers (its node, its volume provisioner) need of the API server's store, in-process: the same
/// objects clients see over HTTP, as JSON, with resource versions and watch notifications kept by the store.
/// Resources are the plural lowercase names of the API (<c>pods</c>, <c>secrets</c>, <c>persistentvolumeclaims</c>,
/// <c>events</c>, <c>networkpolicies</c>).
/// </summary>
public interface IClusterStore
{
    /// <summary>A copy of the object, or null when there is none.</summary>
    JsonObject? Get(string resource, string ns, string name);

    /// <summary>Copies of a resource's objects in a namespace, or in every namespace when <paramref name="ns"/> is null.</summary>
    IReadOnlyList<JsonObject> List(string resource, string? ns);

    /// <summary>
    /// Creates an object as a controller does (an event, for instance): assigns uid, resourceVersion, creationTimestamp and
    /// namespace, tells watchers (ADDED), and returns the stored copy. Throws <see cref="InvalidOperationException"/> when
    /// the name is taken.
    /// </summary>
    JsonObject Create(string resource, string ns, JsonObject obj);

    /// <summary>
    /// Changes an object through <paramref name="mutate"/> (given a copy), stores it with a new resourceVersion and tells
    /// watchers (MODIFIED). Returns the stored copy, or null when the object is gone.
    /// </summary>
    JsonObject? Update(string resource, string ns, string name, Action<JsonObject> mutate);

    /// <summary>
    /// Removes an object now, ending its graceful deletion: tells watchers (DELETED, with the last state and a new
    /// resourceVersion), then deletes what names it as owner (owner-reference garbage collection). Gone already: nothing.
    /// </summary>
    void Remove(string resource, string ns, string name);

    /// <summary>Every change from the call on, in order (ADDED, MODIFIED, DELETED), until cancelled.</summary>
    IAsyncEnumerable<StoreChange> ChangesAsync(CancellationToken cancellationToken);
}

/// <summary>One change of the store: <paramref name="Type"/> is ADDED, MODIFIED or DELETED; the object is a copy.</summary>
public sealed record StoreChange(string Type, string Resource, JsonObject Object);
