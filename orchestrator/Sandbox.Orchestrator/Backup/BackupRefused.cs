namespace Sandbox.Orchestrator.Backup;

/// <summary>A backup or restore that cannot go ahead for a reason the operator can fix (exit code 2): the message says which record and what to do.</summary>
internal sealed class BackupRefused(string message) : Exception(message);
