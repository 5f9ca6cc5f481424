using System.Net;
using System.Net.Sockets;
using Sandbox.IntegrationTests.Browser;
using Sandbox.IntegrationTests.Portal;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests.Https;

/// <summary>
/// Sandbox as production runs it: a real nginx terminating TLS (the README's configuration, a self-signed certificate for
/// <c>sandbox.localhost</c> and <c>*.nb.localhost</c>) in front of a real orchestrator that trusts only nginx's forwarded
/// headers, and a headless Chromium that accepts that certificate's key and no other. One of each for the test class.
/// </summary>
public sealed class TlsProxyFixture : IAsyncLifetime
{
    public const string PortalHost = "sandbox.localhost";
    public const string NotebookHost = "nb.localhost";

    /// <summary>
    /// nginx connects to the orchestrator from this loopback address, the only one the orchestrator believes; the tests'
    /// own direct requests come from 127.0.0.1, as a stranger's would.
    /// </summary>
    public const string ProxyAddress = "127.0.0.2";

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("sandbox-tls-");

    public int HttpsPort { get; } = FreePort();

    public SelfSignedTlsCertificate Certificate { get; private set; } = null!;

    public OrchestratorProcess Orchestrator { get; private set; } = null!;

    public NginxProcess Nginx { get; private set; } = null!;

    public SystemChromium Browser { get; private set; } = null!;

    /// <summary>The admin, talking to the orchestrator directly with a bearer token.</summary>
    public SandboxApi Admin { get; private set; } = null!;

    /// <summary>The portal's origin as browsers see it: <c>https://sandbox.localhost:{port}</c>.</summary>
    public Uri PortalOrigin => new($"https://{PortalHost}:{HttpsPort}");

    public async Task InitializeAsync()
    {
        PortalBuild.EnsureBuilt();
        Certificate = SelfSignedTlsCertificate.Create(_folder.FullName, PortalHost, "*." + NotebookHost);
        Orchestrator = new OrchestratorProcess(new Dictionary<string, string>
        {
            ["Sandbox__Proxy__PortalOrigin"] = PortalOrigin.GetLeftPart(UriPartial.Authority),
            ["Sandbox__Proxy__NotebookHost"] = NotebookHost,
            ["Sandbox__ForwardedHeaders__KnownProxies__0"] = ProxyAddress,
        });
        await Orchestrator.StartAsync();
        var servers = SampleNginxConfiguration.Write(_folder.FullName, new TlsSettings(
            PortalHost, NotebookHost, HttpsPort, FreePort(), Orchestrator.Port, ProxyAddress, Certificate.CertificatePath, Certificate.KeyPath));
        Nginx = await NginxProcess.StartAsync(_folder.FullName, servers, HttpsPort);
        // The browser trusts nothing new: it accepts this one key (and would refuse any other certificate error).
        Browser = await SystemChromium.LaunchAsync([$"--ignore-certificate-errors-spki-list={Certificate.SpkiSha256}"]);
        Admin = await SandboxApi.SignInAsync(Orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
    }

    /// <summary>
    /// A client of nginx over HTTPS as browsers reach it: URLs name <c>sandbox.localhost</c> or a notebook host (sent as
    /// SNI and Host), connections go to 127.0.0.1, and the only certificate accepted is the fixture's.
    /// </summary>
    public HttpClient HttpsClient() => new(new SocketsHttpHandler
    {
        UseCookies = false,
        AllowAutoRedirect = false,
        ConnectCallback = async (_, ct) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(IPAddress.Loopback, HttpsPort, ct);
            return new NetworkStream(socket, ownsSocket: true);
        },
        SslOptions = { RemoteCertificateValidationCallback = (_, presented, _, _) => Certificate.IsThis(presented) },
    })
    { BaseAddress = PortalOrigin };

    public async Task DisposeAsync()
    {
        Admin?.Dispose();
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        if (Nginx is not null)
        {
            await Nginx.DisposeAsync();
        }

        if (Orchestrator is not null)
        {
            await Orchestrator.DisposeAsync();
        }

        Certificate?.Dispose();
        _folder.Delete(recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
