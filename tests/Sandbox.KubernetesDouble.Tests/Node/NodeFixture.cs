using System.Formats.Tar;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using Sandbox.KubernetesDouble.Node;
using Sandbox.Testing;

namespace Sandbox.KubernetesDouble.Tests.Node;

/// <summary>
/// One node of the double on the real Docker engine, over an <see cref="InMemoryClusterStore"/>, shared by the node's
/// tests (they run one after another): a test registry behind basic authentication holding a data image (FROM scratch,
/// <c>data/shops/prices.csv</c>, no command) that is on the registry only, so the node must pull it with its credentials; and the
/// real notebook image. Disposing the node removes what it made; the data image and the registry go too.
/// </summary>
public sealed class NodeFixture : IAsyncLifetime
{
    public const string NotebookImage = "sandbox/python-notebook:1";
    public const string LabelPrefix = "kubedouble-test.";
    public const string PricesCsv = "shop,price\nnorth,3\n";
    private const string RegistryUser = "puller";
    private const string RegistryPassword = "pull-secret-1";

    public InMemoryClusterStore Store { get; } = new();

    public DockerNode Node { get; private set; } = null!;

    public DockerNodeOptions Options { get; private set; } = null!;

    public RegistryProcess Registry { get; private set; } = null!;

    /// <summary>The data image, by digest, on the registry only.</summary>
    public string DataImage { get; private set; } = null!;

    internal DockerClient Docker { get; private set; } = null!;

    /// <summary>A client without cookies: a notebook's login cookie must not stand in for its token.</summary>
    public HttpClient Http { get; } = new(new SocketsHttpHandler { UseCookies = false }) { Timeout = TimeSpan.FromSeconds(5) };

    public async Task InitializeAsync()
    {
        Docker = await DockerEngineClient.ConnectAsync(new Uri("unix:///var/run/docker.sock"), CancellationToken.None);
        Registry = await RegistryProcess.StartAsync(RegistryUser, RegistryPassword);
        DataImage = await PublishDataImageAsync();
        Options = new DockerNodeOptions
        {
            NodeName = "double-node-1",
            Labels = new Dictionary<string, string> { ["accelerator"] = "none" },
            Taints = [new NodeTaint("dedicated", "sessions", "NoSchedule")],
            AllocatableCpu = 4,
            AllocatableMemory = 8L * 1024 * 1024 * 1024,
            AllocatableGpus = 0,
            PodPidsLimit = 256,
            RegistryCredentials = [new RegistryCredential(Registry.Host, RegistryUser, RegistryPassword)],
            ImagePullBackOff = TimeSpan.FromMilliseconds(200),
            MaxImagePullBackOff = TimeSpan.FromSeconds(1),
            PodNetwork = "kubedouble-test-pods",
            LabelPrefix = LabelPrefix,
            StateDirectory = Directory.CreateTempSubdirectory("kubedouble-node-").FullName,
        };
        Node = await DockerNode.StartAsync(Store, Options);
    }

    public async Task DisposeAsync()
    {
        var fault = Node.LastFault;
        await Node.DisposeAsync();
        try
        {
            await Docker.Images.DeleteImageAsync(DataImage, new ImageDeleteParameters { Force = true });
        }
        catch (DockerApiException)
        {
            // Never pulled.
        }

        await Registry.DisposeAsync();
        Docker.Dispose();
        Http.Dispose();

        // The node carries on after a change it could not act on; the tests' changes must all have been handled.
        Assert.Null(fault);
    }

    /// <summary>Builds the data image on the engine, pushes it with the credentials, and removes the local copy.</summary>
    private async Task<string> PublishDataImageAsync()
    {
        var repository = $"{Registry.Host}/data/shops";
        var tag = repository + ":1";
        using var context = new MemoryStream();
        using (var writer = new TarWriter(context, TarEntryFormat.Pax, leaveOpen: true))
        {
            void Add(string name, string text)
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)), Mode = (UnixFileMode)0b110_100_100 };
                writer.WriteEntry(entry);
            }

            // No CMD or ENTRYPOINT, like the data images Sandbox builds: whoever runs one names the command.
            Add("Dockerfile", "FROM scratch\nCOPY data /data\n");
            Add("data/shops/prices.csv", PricesCsv);
        }

        context.Position = 0;
        var errors = new List<string>();
        var collect = new Progress(errors);
        await Docker.Images.BuildImageFromDockerfileAsync(new ImageBuildParameters { Tags = [tag], Remove = true, ForceRemove = true }, context, null, null, collect);
        var auth = new AuthConfig { ServerAddress = Registry.Host, Username = RegistryUser, Password = RegistryPassword };
        await Docker.Images.PushImageAsync(tag, new ImagePushParameters(), auth, collect);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Publishing the data image failed: " + string.Join("; ", errors));
        }

        var digest = (await Docker.Images.InspectImageAsync(tag)).RepoDigests!.Single(d => d.StartsWith(repository + "@", StringComparison.Ordinal));
        await Docker.Images.DeleteImageAsync(tag, new ImageDeleteParameters { Force = true });
        return digest;
    }

    private sealed class Progress(List<string> errors) : IProgress<JSONMessage>
    {
        public void Report(JSONMessage value)
        {
            if (value.Error?.Message is { } message)
            {
                errors.Add(message);
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class DockerNodeTestGroup : ICollectionFixture<NodeFixture>
{
    public const string Name = "docker node";
}
