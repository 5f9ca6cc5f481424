using Sandbox.Testing;

namespace Sandbox.IntegrationTests.Kubernetes;

/// <summary>
/// One <see cref="KubernetesTestCluster"/> (API double, Docker node, registry) for every Kubernetes test class of a run:
/// they share it through the <see cref="KubernetesTestGroup"/> collection, each orchestrator in a namespace of its own.
/// </summary>
public sealed class KubernetesClusterFixture : IAsyncLifetime
{
    public KubernetesTestCluster Cluster { get; private set; } = null!;

    /// <summary>The runtime kind the shared scenarios use on this cluster.</summary>
    public KubernetesRuntimeKind Runtime { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Cluster = await KubernetesTestCluster.StartAsync();
        Runtime = new KubernetesRuntimeKind(Cluster);
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

/// <summary>The Kubernetes test classes: one after another, on one test cluster.</summary>
[CollectionDefinition(Name)]
public sealed class KubernetesTestGroup : ICollectionFixture<KubernetesClusterFixture>
{
    public const string Name = "kubernetes test cluster";
}
