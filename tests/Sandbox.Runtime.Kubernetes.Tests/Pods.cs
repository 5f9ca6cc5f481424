using k8s.Models;

namespace Sandbox.Runtime.Kubernetes.Tests;

/// <summary>Session pods in the states the API server reports, built from the adapter's own manifest.</summary>
internal static class Pods
{
    public static readonly DateTime Created = new(2026, 12, 5, 10, 0, 0, DateTimeKind.Utc);

    public static V1Pod Fresh(RuntimeSpec? spec = null)
    {
        var pod = PodManifest.Build(spec ?? Specs.Cpu(), Specs.Options(), Specs.Names());
        pod.Metadata.Uid = "uid-1";
        pod.Metadata.CreationTimestamp = Created;
        pod.Status = new V1PodStatus { Phase = "Pending" };
        return pod;
    }

    public static V1Pod Unschedulable(string message, RuntimeSpec? spec = null)
    {
        var pod = Fresh(spec);
        pod.Status.Conditions = [new V1PodCondition { Type = "PodScheduled", Status = "False", Reason = "Unschedulable", Message = message }];
        return pod;
    }

    public static V1Pod Scheduled(V1ContainerStateWaiting? waiting = null)
    {
        var pod = Fresh();
        pod.Spec.NodeName = "node-1";
        pod.Status.Conditions = [new V1PodCondition { Type = "PodScheduled", Status = "True", LastTransitionTime = Created.AddSeconds(1) }];
        pod.Status.ContainerStatuses = [Container(new V1ContainerState { Waiting = waiting ?? new V1ContainerStateWaiting { Reason = "ContainerCreating" } })];
        return pod;
    }

    public static V1Pod Running(string? ip = "10.244.0.7")
    {
        var pod = Scheduled();
        pod.Status.Phase = "Running";
        pod.Status.PodIP = ip;
        pod.Status.ContainerStatuses = [Container(new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = Created.AddSeconds(3) } })];
        return pod;
    }

    public static V1Pod Terminated(int exitCode, string reason, string phase = "Failed")
    {
        var pod = Scheduled();
        pod.Status.Phase = phase;
        pod.Status.ContainerStatuses = [Container(new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = exitCode, Reason = reason } })];
        return pod;
    }

    /// <summary>
    /// A scheduled pod of <see cref="Specs.WithDatasets"/> in <see cref="DatasetMountMode.InitCopy"/> whose init
    /// containers are in <paramref name="initContainers"/>' states, its notebook waiting for them.
    /// </summary>
    public static V1Pod Copying(params V1ContainerStatus[] initContainers)
    {
        var pod = Scheduled(new V1ContainerStateWaiting { Reason = "PodInitializing" });
        var options = Specs.Options(o => o.DatasetMounts = DatasetMountMode.InitCopy);
        pod.Spec = PodManifest.Build(Specs.WithDatasets(), options, Specs.Names(options)).Spec;
        pod.Spec.NodeName = "node-1";
        pod.Status.InitContainerStatuses = initContainers.ToList();
        return pod;
    }

    /// <summary>An init container's status.</summary>
    public static V1ContainerStatus Init(string name, V1ContainerState state) =>
        new() { Name = name, Image = "", ImageID = "", Ready = false, RestartCount = 0, State = state };

    /// <summary>An init container that ended well.</summary>
    public static V1ContainerStatus Completed(string name) =>
        Init(name, new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 0, Reason = "Completed" } });

    private static V1ContainerStatus Container(V1ContainerState state) =>
        new() { Name = PodManifest.ContainerName, Image = "sandbox/python-notebook:1", ImageID = "", Ready = state.Running is not null, RestartCount = 0, State = state };
}
