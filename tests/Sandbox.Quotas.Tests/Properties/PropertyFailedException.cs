namespace Sandbox.Quotas.Tests.Properties;

/// <summary>A property did not hold; the message says how to replay it.</summary>
internal sealed class PropertyFailedException(string message, Exception inner) : Exception(message, inner);
