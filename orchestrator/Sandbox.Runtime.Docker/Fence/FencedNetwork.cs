namespace Sandbox.Runtime.Docker.Fence;

/// <summary>One sessions' network the fence covers: its engine name, the host's bridge interface for it, and its policy.</summary>
/// <param name="Name">The network's name on the engine (written into the rules' comments).</param>
/// <param name="Bridge">The host-side bridge interface, for example <c>br-2bf8d309ef12</c>.</param>
/// <param name="Egress">What sandboxes on it may reach.</param>
internal sealed record FencedNetwork(string Name, string Bridge, EgressPolicy Egress);
