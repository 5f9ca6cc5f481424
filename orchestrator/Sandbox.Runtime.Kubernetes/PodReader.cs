using System.Globalization;
using k8s.Models;

namespace Sandbox.Runtime.Kubernetes;

/// <summary>
/// Reads a pod as the port's phase and the adapter's <see cref="PodRecord"/>: pure, so the mapping from pod status
/// (phase, conditions, the container's state) to what the core sees is checked without a cluster.
/// <list type="bullet">
/// <item>being deleted → Exited (<c>deleted</c>);</item>
/// <item>phase Failed/Succeeded or the container terminated → Exited: <c>evicted</c>, <c>oom_killed</c>, <c>exit_code_N</c>;</item>
/// <item>the container running → Running, with the endpoint from the pod IP;</item>
/// <item>otherwise Pending, with the condition in words: waiting for capacity (the scheduler's message), copying a
/// dataset (init containers, <see cref="DatasetMountMode.InitCopy"/>), preparing, or an image that cannot be pulled (then
/// <see cref="PodRecord.Problem"/> says <c>image_pull_failed</c>, or <c>dataset_image_unavailable</c> when the image is
/// one of the pod's dataset volumes or dataset init containers);</item>
/// <item>an init container that failed before the notebook started → Pending with <see cref="PodRecord.Problem"/>
/// <c>dataset_copy_failed</c>: a start that cannot succeed.</item>
/// </list>
/// </summary>
internal static class PodReader
{
    /// <summary>The exit reason of a pod being deleted.</summary>
    public const string Deleted = "deleted";

    private static readonly string[] PullFailures = ["ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull"];

    // Waiting reasons that retrying will not fix.
    private static readonly string[] StartFailures = ["CreateContainerError", "RunContainerError", "CrashLoopBackOff"];

    public static PodRecord Read(V1Pod pod, KubernetesLabels labels)
    {
        var metadata = pod.Metadata;
        var sessionId = KubernetesLabels.Get(metadata.Labels, labels.Session) ?? "";
        var memberId = KubernetesLabels.Get(metadata.Annotations, labels.MemberId) ?? KubernetesLabels.Get(metadata.Labels, labels.Member) ?? "";
        var status = pod.Status;
        var container = status?.ContainerStatuses?.FirstOrDefault(c => c.Name == PodManifest.ContainerName);
        var scheduledCondition = status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled");
        var scheduled = !string.IsNullOrEmpty(pod.Spec?.NodeName) || scheduledCondition?.Status == "True";
        var gpu = pod.Spec?.Containers?.Any(c => c.Resources?.Limits?.ContainsKey(PodManifest.GpuResource) == true) == true;
        var started = container?.State?.Running is not null || container?.State?.Terminated is not null;
        var stage = started ? PodStage.Started : scheduled ? PodStage.Scheduled : PodStage.Unscheduled;
        var scheduledAt = scheduledCondition?.Status == "True" && scheduledCondition.LastTransitionTime is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : (DateTimeOffset?)null;
        var created = metadata.CreationTimestamp is { } c ? new DateTimeOffset(DateTime.SpecifyKind(c, DateTimeKind.Utc)) : (DateTimeOffset?)null;
        PodRecord Record(RuntimePhase phase, Uri? endpoint = null, string? exitReason = null, string? condition = null, string? problem = null) =>
            new(sessionId, memberId, metadata.Name, metadata.Uid, phase, endpoint, exitReason, condition, stage, problem, gpu, created, scheduledAt);

        if (metadata.DeletionTimestamp is not null)
        {
            return Record(RuntimePhase.Exited, exitReason: Deleted);
        }

        // Init containers (InitCopy datasets) run before the notebook; one that failed ends the pod (phase Failed) before
        // the notebook ever started, which is a start that cannot succeed rather than a sandbox that ended.
        var init = started ? null : InitContainersOf(pod, status);
        if (init is { Problem: { } initProblem })
        {
            return Record(RuntimePhase.Pending, condition: init.Value.Condition, problem: initProblem);
        }

        if (status?.Phase is "Failed" or "Succeeded" || container?.State?.Terminated is not null)
        {
            return Record(RuntimePhase.Exited, exitReason: ExitReasonOf(status, container));
        }

        if (container?.State?.Running is not null)
        {
            return Record(RuntimePhase.Running, endpoint: EndpointOf(pod, labels));
        }

        if (!scheduled)
        {
            return scheduledCondition is { Status: "False" } unschedulable
                ? Record(RuntimePhase.Pending, condition: "Waiting for capacity: " + (unschedulable.Message ?? unschedulable.Reason ?? "no node can run it yet"))
                : Record(RuntimePhase.Pending, condition: "Waiting for a node");
        }

        if (init is { Condition: { } initCondition })
        {
            return Record(RuntimePhase.Pending, condition: initCondition);
        }

        var waiting = container?.State?.Waiting;
        if (waiting?.Reason is { } reason && PullFailures.Contains(reason, StringComparer.Ordinal))
        {
            var datasetImage = DatasetImageIn(pod, waiting.Message);
            return datasetImage is not null
                ? Record(RuntimePhase.Pending, condition: $"A dataset's data image cannot be pulled ({datasetImage}): {waiting.Message}", problem: "dataset_image_unavailable")
                : Record(RuntimePhase.Pending, condition: $"The notebook image cannot be pulled ({reason}): {waiting.Message}", problem: "image_pull_failed");
        }

        if (waiting?.Reason is { } failed && StartFailures.Contains(failed, StringComparer.Ordinal))
        {
            return Record(RuntimePhase.Pending, condition: $"The notebook cannot start ({failed}): {waiting.Message}", problem: "start_failed");
        }

        return Record(RuntimePhase.Pending, condition: "Pulling the images and preparing the volumes");
    }

    /// <summary>The reference of the pod's dataset image that <paramref name="message"/> names, if any.</summary>
    public static string? DatasetImageIn(V1Pod pod, string? message) =>
        message is null
            ? null
            : pod.Spec?.Volumes?.Select(v => v.Image?.Reference).FirstOrDefault(reference => reference is not null && message.Contains(reference, StringComparison.Ordinal));

    /// <summary>
    /// Where the pod's init containers are, in order: the first that has not completed decides. A failure of one
    /// (<c>dataset_image_unavailable</c> for a data image that cannot be pulled, <c>image_pull_failed</c> for the notebook
    /// image, <c>dataset_copy_failed</c> for a copy that ended non-zero or could not start) comes with a
    /// <see cref="PodRecord.Problem"/>; one still running or waiting, with the condition in words. Null once every init
    /// container completed, or when the pod has none.
    /// </summary>
    private static (string Condition, string? Problem)? InitContainersOf(V1Pod pod, V1PodStatus? status)
    {
        var specs = pod.Spec?.InitContainers;
        if (specs is null || specs.Count == 0)
        {
            return null;
        }

        foreach (var spec in specs)
        {
            var state = status?.InitContainerStatuses?.FirstOrDefault(c => c.Name == spec.Name)?.State;
            if (state?.Terminated is { ExitCode: 0 })
            {
                continue;
            }

            var dataset = DatasetCopyManifest.DatasetCopiedBy(pod, spec.Name);
            var what = dataset is null ? "Copying the copy tool out of the notebook image" : $"Copying dataset {dataset}";
            if (state?.Terminated is { } terminated)
            {
                var why = $"exit code {terminated.ExitCode.ToString(CultureInfo.InvariantCulture)}" + (terminated.Reason is { Length: > 0 } r ? ", " + r : "")
                    + (terminated.Message is { Length: > 0 } m ? ": " + m.Trim() : "");
                return (dataset is null
                    ? $"{what} failed ({why}): the notebook image must hold a static BusyBox at {spec.Command?.FirstOrDefault()}."
                    : $"{what} failed ({why}).", "dataset_copy_failed");
            }

            var waiting = state?.Waiting;
            if (waiting?.Reason is { } reason && PullFailures.Contains(reason, StringComparer.Ordinal))
            {
                return dataset is null
                    ? ($"The notebook image cannot be pulled ({reason}): {waiting.Message}", "image_pull_failed")
                    : ($"The data image of dataset {dataset} cannot be pulled ({spec.Image}): {waiting.Message}", "dataset_image_unavailable");
            }

            if (waiting?.Reason is { } failed && StartFailures.Contains(failed, StringComparer.Ordinal))
            {
                return ($"{what} cannot start ({failed}): {waiting.Message}", "dataset_copy_failed");
            }

            return (state?.Running is not null ? what : what + " (preparing)", null);
        }

        return null;
    }

    private static string ExitReasonOf(V1PodStatus? status, V1ContainerStatus? container)
    {
        if (status?.Reason == "Evicted")
        {
            return "evicted";
        }

        var terminated = container?.State?.Terminated;
        if (terminated?.Reason == "OOMKilled")
        {
            return "oom_killed";
        }

        return terminated is not null ? string.Create(CultureInfo.InvariantCulture, $"exit_code_{terminated.ExitCode}") : "failed";
    }

    private static Uri? EndpointOf(V1Pod pod, KubernetesLabels labels)
    {
        var ip = pod.Status?.PodIP;
        var portText = KubernetesLabels.Get(pod.Metadata.Annotations, labels.NotebookPort);
        if (string.IsNullOrEmpty(ip) || !System.Net.IPAddress.TryParse(ip, out var address)
            || !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            return null;
        }

        return new UriBuilder(Uri.UriSchemeHttp, address.ToString(), port).Uri;
    }
}
