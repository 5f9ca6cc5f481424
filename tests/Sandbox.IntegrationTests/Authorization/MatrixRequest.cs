namespace Sandbox.IntegrationTests.Authorization;

/// <summary>
/// The call the role matrix makes for one table row: a real object's id and a plausible body (a deliberately
/// invalid one where a valid one would change what other rows rely on; 400 still proves the caller got past authorization).
/// </summary>
/// <param name="SharedWithMentor">Whether the object the path names is shared with the matrix's mentor.</param>
/// <param name="EndsCallersTokens">Made by a fresh account with the persona's roles, since it ends every token of the caller.</param>
internal sealed record MatrixRequest(HttpMethod Method, string Path, Func<HttpContent?> Body, bool SharedWithMentor = false, bool EndsCallersTokens = false);
