using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Sandbox.KubernetesDouble.Tests;

/// <summary>A fresh API double per test and a KubernetesClient talking to it over HTTP, as the adapter will.</summary>
public abstract class ApiDoubleTestBase : IAsyncLifetime
{
    protected const string Ns = "sessions";

    protected KubernetesApiDouble Server { get; } = new();

    protected Kubernetes Client { get; private set; } = null!;

    /// <summary>Cancels after 15 s, so a test waiting on a signal that never comes fails instead of hanging.</summary>
    protected static CancellationToken Deadline => new CancellationTokenSource(TimeSpan.FromSeconds(15)).Token;

    public async Task InitializeAsync()
    {
        await Server.StartAsync();
        Client = new Kubernetes(new KubernetesClientConfiguration { Host = Server.BaseAddress.ToString() });
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }

    protected static V1Pod Pod(string name, IDictionary<string, string>? labels = null, string? claim = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = labels },
        Spec = new V1PodSpec
        {
            Containers = [new V1Container { Name = "notebook", Image = "registry.test/python@sha256:abc" }],
            Volumes = claim is null ? null : [new V1Volume { Name = "home", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = claim } }],
        },
    };

    protected static V1Secret Secret(string name, V1Pod? owner = null, bool block = false) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            OwnerReferences = owner is null ? null :
                [new V1OwnerReference { ApiVersion = "v1", Kind = "Pod", Name = owner.Metadata.Name, Uid = owner.Metadata.Uid, BlockOwnerDeletion = block }],
        },
        StringData = new Dictionary<string, string> { ["JUPYTER_TOKEN"] = "t0ken" },
    };

    protected static V1PersistentVolumeClaim Claim(string name, string? storageClass = "standard") => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PersistentVolumeClaimSpec
        {
            AccessModes = ["ReadWriteMany"],
            StorageClassName = storageClass,
            Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new ResourceQuantity("10Gi") } },
        },
    };

    /// <summary>The Status a failed call answered with, after checking its HTTP code.</summary>
    protected static async Task<V1Status> FailsWith(int code, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(call);
        Assert.Equal(code, (int)error.Response.StatusCode);
        var status = KubernetesJson.Deserialize<V1Status>(error.Response.Content);
        Assert.Equal("Status", status.Kind);
        Assert.Equal(code, status.Code);
        return status;
    }

    /// <summary>Reads a pod through the API, or null when it is gone (404).</summary>
    protected async Task<V1Pod?> TryReadPodAsync(string name)
    {
        try
        {
            return await Client.CoreV1.ReadNamespacedPodAsync(name, Ns);
        }
        catch (HttpOperationException e) when ((int)e.Response.StatusCode == 404)
        {
            return null;
        }
    }
}
