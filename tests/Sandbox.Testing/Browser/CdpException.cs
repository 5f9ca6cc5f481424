namespace Sandbox.Testing.Browser;

/// <summary>The browser answered a DevTools command with an error; the message names the command, so a failing test says which step broke.</summary>
public sealed class CdpException : Exception
{
    public CdpException()
    {
    }

    public CdpException(string message)
        : base(message)
    {
    }

    public CdpException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CdpException(string method, int code, string error)
        : base($"DevTools command {method} failed ({code}): {error}")
    {
        Method = method;
        Code = code;
    }

    /// <summary>The command that failed, for example <c>Page.navigate</c>.</summary>
    public string? Method { get; }

    /// <summary>The protocol's error code (JSON-RPC style, for example -32000).</summary>
    public int Code { get; }
}
