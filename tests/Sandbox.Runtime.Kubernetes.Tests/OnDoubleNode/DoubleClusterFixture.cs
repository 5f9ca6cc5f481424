using System.Formats.Tar;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Sandbox.KubernetesDouble;
using Sandbox.KubernetesDouble.Node;
using Sandbox.Testing;

namespace Sandbox.Runtime.Kubernetes.Tests.OnDoubleNode;

/// <summary>
/// The test cluster: the API-server double with its node on the real Docker engine, a test registry (basic
/// authentication) holding a data image laid out as Sandbox's (<c>data/shops/prices.csv</c>) and present only there,
/// and the real notebook image. Shared by the tests of a class (they run one after another); disposing it removes what
/// the node made, the data image and the registry.
/// </summary>
public sealed class DoubleClusterFixture : IAsyncLifetime
{
    public const string NotebookImage = "sandbox/python-notebook:1";
    private const string RegistryUser = "puller";
    private const string RegistryPassword = "pull-secret-2";

    public KubernetesApiDouble Server { get; } = new();

    public DockerNode Node { get; private set; } = null!;

    public RegistryProcess Registry { get; private set; } = null!;

    public k8s.Kubernetes Client { get; private set; } = null!;

    /// <summary>The data image, by digest, on the registry only.</summary>
    public string DataImage { get; private set; } = null!;

    public HttpClient Http { get; } = new(new SocketsHttpHandler { UseCookies = false }) { Timeout = TimeSpan.FromSeconds(5) };

    private DockerClient Docker { get; set; } = null!;

    public async Task InitializeAsync()
    {
        Docker = await DockerEngine.ClientAsync();
        Registry = await RegistryProcess.StartAsync(RegistryUser, RegistryPassword);
        DataImage = await PublishDataImageAsync();
        await Server.StartAsync();
        Node = await DockerNode.StartAsync(Server.Store, new DockerNodeOptions
        {
            NodeName = "double-node-1",
            AllocatableCpu = 4,
            AllocatableMemory = 8L * 1024 * 1024 * 1024,
            AllocatableGpus = 0,
            RegistryCredentials = [new RegistryCredential(Registry.Host, RegistryUser, RegistryPassword)],
            ImagePullBackOff = TimeSpan.FromMilliseconds(200),
            MaxImagePullBackOff = TimeSpan.FromSeconds(1),
            PodNetwork = "kube-runtime-test-pods",
            LabelPrefix = "kube-runtime-test.",
            StateDirectory = Directory.CreateTempSubdirectory("kube-runtime-node-").FullName,
        });
        Server.PodLogs = Node;
        Client = new k8s.Kubernetes(new k8s.KubernetesClientConfiguration { Host = Server.BaseAddress.ToString() });
    }

    /// <summary>A new adapter (as after an orchestrator restart) for the test installation.</summary>
    public KubernetesSessionRuntime Runtime(Action<KubernetesRuntimeOptions>? change = null)
    {
        var installation = new RuntimeInstallation();
        installation.Set(Specs.Installation);
        return new KubernetesSessionRuntime(Client, Specs.Options(change), installation, TimeProvider.System, NullLogger<KubernetesSessionRuntime>.Instance, watchTimeoutSeconds: 30);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Node.DisposeAsync();
        await Server.DisposeAsync();
        try
        {
            await Docker.Images.DeleteImageAsync(DataImage, new ImageDeleteParameters { Force = true });
        }
        catch (DockerApiException)
        {
            // Never pulled.
        }

        await Registry.DisposeAsync();
        Http.Dispose();
    }

    /// <summary>Builds the data image on the engine, pushes it with the credentials, and removes the local copy.</summary>
    private async Task<string> PublishDataImageAsync()
    {
        var repository = $"{Registry.Host}/sandbox-data/shops";
        var tag = repository + ":1";
        using var context = new MemoryStream();
        using (var writer = new TarWriter(context, TarEntryFormat.Pax, leaveOpen: true))
        {
            void Add(string name, string text) => writer.WriteEntry(
                new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)), Mode = (UnixFileMode)0b110_100_100 });

            Add("Dockerfile", "FROM scratch\nCOPY data /data\nCMD [\"/none\"]\n");
            Add("data/shops/prices.csv", "shop,price\nnorth,3\n");
        }

        context.Position = 0;
        var errors = new List<string>();
        var collect = new Progress<JSONMessage>(m =>
        {
            if (m.Error is not null)
            {
                lock (errors)
                {
                    errors.Add(m.Error.Message ?? "error");
                }
            }
        });
        await Docker.Images.BuildImageFromDockerfileAsync(new ImageBuildParameters { Tags = [tag], Remove = true, ForceRemove = true }, context, null, null, collect);
        await Docker.Images.PushImageAsync(tag, new ImagePushParameters(), new AuthConfig { ServerAddress = Registry.Host, Username = RegistryUser, Password = RegistryPassword }, collect);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Publishing the data image failed: " + string.Join("; ", errors));
        }

        var digest = (await Docker.Images.InspectImageAsync(tag)).RepoDigests!.Single(d => d.StartsWith(repository + "@", StringComparison.Ordinal));
        await Docker.Images.DeleteImageAsync(tag, new ImageDeleteParameters { Force = true });
        return digest;
    }
}
