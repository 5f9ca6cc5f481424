namespace Sandbox.Testing.Browser;

/// <summary>A script evaluated in a page threw (or its promise rejected); the message carries the page's own error text.</summary>
public sealed class BrowserScriptException : Exception
{
    public BrowserScriptException()
    {
    }

    public BrowserScriptException(string message)
        : base(message)
    {
    }

    public BrowserScriptException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
