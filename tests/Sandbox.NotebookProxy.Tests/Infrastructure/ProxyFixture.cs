using System.Net;

namespace Sandbox.NotebookProxy.Tests.Infrastructure;

/// <summary>
/// One notebook stand-in and one proxy in front of it, shared by a test class. Timeouts are short so the failure tests
/// run fast: connect 300 ms, response headers (and pauses within HTTP bodies) 5 s (an upgrade or answer of the stand-in took
/// longer than 1.5 s on a 2-core machine under three busy loops, and the proxy answered a passing test 504).
/// </summary>
#pragma warning disable CA1001 // Disposed in IAsyncLifetime.DisposeAsync, which xunit calls.
public sealed class ProxyFixture : IAsyncLifetime
#pragma warning restore CA1001
{
    /// <summary>The proxy's response-headers (and body activity) timeout: what the timeout tests wait out.</summary>
    public static readonly TimeSpan HeadersTimeout = TimeSpan.FromSeconds(5);

    public const string Session = "s1";
    public const string Owner = "alice";
    public const string Mentor = "bob";
    public const string Stranger = "mallory";

    private EchoingNotebookServer? _notebook;
    private ProxyServer? _proxy;
    private UnreachableEndpoints? _unreachable;
    private ScriptedNotebook? _scripted;

    internal EchoingNotebookServer Notebook => _notebook!;

    internal ProxyServer Proxy => _proxy!;

    public async Task InitializeAsync()
    {
        _notebook = await EchoingNotebookServer.StartAsync();
        _unreachable = new UnreachableEndpoints();
        _scripted = new ScriptedNotebook("""
            HTTP/1.1 200 OK
            Content-Length: 2
            Connection: keep-alive, X-Upstream-Hop, close
            X-Upstream-Hop: 1
            Keep-Alive: timeout=5
            Proxy-Upstream: secret
            X-Upstream-Kept: yes

            ok
            """);
        var resolver = new AllowListResolver()
            .Allow(Session, _notebook.Address, EchoingNotebookServer.Token, Owner, Mentor)
            .Allow("refusing", _unreachable.Refusing, "t", Owner)
            .Allow("silent", _unreachable.Silent, "t", Owner)
            .Allow("wrong-token", _notebook.Address, "not-the-token", Owner)
            .Allow("scripted", _scripted.Address, "t", Owner);
        _proxy = await ProxyServer.StartAsync(resolver, options =>
        {
            options.ConnectTimeout = TimeSpan.FromMilliseconds(300);
            options.ResponseHeadersTimeout = HeadersTimeout;
            options.MaxRequestBodySize = 8 * 1024 * 1024;
            options.AllowedOrigins.Add("https://portal.example");
        });
    }

    /// <summary>A client of the proxy acting as <paramref name="user"/>: no cookie jar, no redirects followed.</summary>
    public HttpClient CreateClient(string user = Owner)
    {
        var client = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None, MaxResponseDrainSize = 0 })
        {
            BaseAddress = Proxy.Address,
            Timeout = TimeSpan.FromSeconds(30),
        };
        client.DefaultRequestHeaders.Add(AllowListResolver.UserHeader, user);
        return client;
    }

    public async Task DisposeAsync()
    {
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }

        if (_notebook is not null)
        {
            await _notebook.DisposeAsync();
        }

        _unreachable?.Dispose();
        _scripted?.Dispose();
    }
}
