using k8s.Models;

namespace Sandbox.Runtime.Kubernetes.Tests;

public sealed class PodReaderTests
{
    private static readonly KubernetesLabels Labels = Specs.Names().Labels;

    private static PodRecord Read(V1Pod pod) => PodReader.Read(pod, Labels);

    [Fact]
    public void A_pod_no_node_took_yet_is_pending_waiting_for_a_node()
    {
        var record = Read(Pods.Fresh());

        Assert.Equal(RuntimePhase.Pending, record.Phase);
        Assert.Equal(PodStage.Unscheduled, record.Stage);
        Assert.Equal("Waiting for a node", record.Condition);
        Assert.Null(record.Problem);
        Assert.Equal("s0000000000000042", record.SessionId);
        Assert.Equal("member-7", record.MemberId);
    }

    [Fact]
    public void An_unschedulable_pod_waits_for_capacity_in_the_schedulers_words()
    {
        var record = Read(Pods.Unschedulable("0/3 nodes are available: 3 Insufficient nvidia.com/gpu.", Specs.Gpu()));

        Assert.Equal(RuntimePhase.Pending, record.Phase);
        Assert.Equal("Waiting for capacity: 0/3 nodes are available: 3 Insufficient nvidia.com/gpu.", record.Condition);
        Assert.True(record.Gpu);
        Assert.False(Read(Pods.Unschedulable("x")).Gpu);
    }

    [Fact]
    public void A_scheduled_pod_pulling_its_images_is_pending_and_scheduled()
    {
        var record = Read(Pods.Scheduled());

        Assert.Equal(RuntimePhase.Pending, record.Phase);
        Assert.Equal(PodStage.Scheduled, record.Stage);
        Assert.Equal("Pulling the images and preparing the volumes", record.Condition);
        Assert.Equal(new DateTimeOffset(Pods.Created.AddSeconds(1)), record.ScheduledAt);
    }

    [Theory]
    [InlineData("ErrImagePull")]
    [InlineData("ImagePullBackOff")]
    [InlineData("InvalidImageName")]
    public void A_notebook_image_that_cannot_be_pulled_is_image_pull_failed(string reason)
    {
        var record = Read(Pods.Scheduled(new V1ContainerStateWaiting { Reason = reason, Message = "Back-off pulling image \"sandbox/python-notebook:1\"" }));

        Assert.Equal("image_pull_failed", record.Problem);
        Assert.Contains("sandbox/python-notebook:1", record.Condition, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dataset_image_that_cannot_be_pulled_is_dataset_image_unavailable()
    {
        var pod = Pods.Scheduled(new V1ContainerStateWaiting { Reason = "ErrImagePull", Message = $"failed to pull image \"{Specs.DatasetImage}\": not found" });
        pod.Spec = PodManifest.Build(Specs.WithDatasets(), Specs.Options(), Specs.Names()).Spec;

        var record = Read(pod);

        Assert.Equal("dataset_image_unavailable", record.Problem);
        Assert.Contains(Specs.DatasetImage, record.Condition, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ErrImagePull")]
    [InlineData("ImagePullBackOff")]
    public void A_data_image_its_init_container_cannot_pull_is_dataset_image_unavailable_naming_the_dataset(string reason)
    {
        var pod = Pods.Copying(
            Pods.Completed("copy-tool"),
            Pods.Init("dataset-0", new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = reason, Message = "manifest unknown" } }));

        var record = Read(pod);

        Assert.Equal(RuntimePhase.Pending, record.Phase);
        Assert.Equal("dataset_image_unavailable", record.Problem);
        Assert.Equal($"The data image of dataset shops cannot be pulled ({Specs.DatasetImage}): manifest unknown", record.Condition);
    }

    [Fact]
    public void A_notebook_image_the_copy_tool_container_cannot_pull_is_image_pull_failed()
    {
        var record = Read(Pods.Copying(Pods.Init("copy-tool", new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ErrImagePull", Message = "not found" } })));

        Assert.Equal("image_pull_failed", record.Problem);
        Assert.Contains("The notebook image cannot be pulled (ErrImagePull)", record.Condition, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dataset_copy_that_exits_non_zero_fails_the_start_as_dataset_copy_failed_even_though_the_pod_failed()
    {
        var pod = Pods.Copying(
            Pods.Completed("copy-tool"),
            Pods.Completed("dataset-0"),
            Pods.Init("dataset-1", new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 1, Reason = "Error", Message = "cp: write error: No space left on device\n" } }));
        pod.Status.Phase = "Failed";

        var record = Read(pod);

        Assert.Equal(RuntimePhase.Pending, record.Phase);
        Assert.Equal("dataset_copy_failed", record.Problem);
        Assert.Equal("Copying dataset weather failed (exit code 1, Error: cp: write error: No space left on device).", record.Condition);
    }

    [Fact]
    public void A_notebook_image_without_the_copy_tool_fails_as_dataset_copy_failed_naming_the_path()
    {
        var exited = Read(Pods.Copying(Pods.Init("copy-tool", new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 127, Reason = "Error" } })));
        var unstartable = Read(Pods.Copying(Pods.Init("copy-tool", new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "RunContainerError", Message = "exec: \"/bin/busybox\": no such file or directory" } })));

        Assert.Equal("dataset_copy_failed", exited.Problem);
        Assert.Contains("a static BusyBox at /bin/busybox", exited.Condition, StringComparison.Ordinal);
        Assert.Equal("dataset_copy_failed", unstartable.Problem);
        Assert.Contains("cannot start (RunContainerError)", unstartable.Condition, StringComparison.Ordinal);
    }

    [Fact]
    public void While_init_containers_run_the_condition_says_which_dataset_is_copied()
    {
        var running = new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = Pods.Created } };
        var waiting = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "PodInitializing" } };

        Assert.Equal("Copying the copy tool out of the notebook image", Read(Pods.Copying(Pods.Init("copy-tool", running))).Condition);
        var copying = Read(Pods.Copying(Pods.Completed("copy-tool"), Pods.Init("dataset-0", running), Pods.Init("dataset-1", waiting)));
        Assert.Equal(("Copying dataset shops", null, PodStage.Scheduled), (copying.Condition, copying.Problem, copying.Stage));
        Assert.Equal("Copying dataset weather (preparing)", Read(Pods.Copying(Pods.Completed("copy-tool"), Pods.Completed("dataset-0"), Pods.Init("dataset-1", waiting))).Condition);

        // Every copy done: the notebook's own start is what is waited for.
        Assert.Equal("Pulling the images and preparing the volumes", Read(Pods.Copying(Pods.Completed("copy-tool"), Pods.Completed("dataset-0"), Pods.Completed("dataset-1"))).Condition);
    }

    [Fact]
    public void A_notebook_that_started_after_its_copies_is_running_whatever_its_init_containers_said()
    {
        var pod = Pods.Copying(Pods.Completed("copy-tool"), Pods.Completed("dataset-0"), Pods.Completed("dataset-1"));
        pod.Status.Phase = "Running";
        pod.Status.PodIP = "10.244.0.9";
        pod.Status.ContainerStatuses[0].State = new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = Pods.Created.AddSeconds(5) } };

        Assert.Equal(RuntimePhase.Running, Read(pod).Phase);
    }

    [Fact]
    public void A_container_the_runtime_cannot_start_is_start_failed_but_a_missing_secret_is_waited_for()
    {
        Assert.Equal("start_failed", Read(Pods.Scheduled(new V1ContainerStateWaiting { Reason = "RunContainerError", Message = "exec: not found" })).Problem);
        Assert.Null(Read(Pods.Scheduled(new V1ContainerStateWaiting { Reason = "CreateContainerConfigError", Message = "secret \"x\" not found" })).Problem);
    }

    [Fact]
    public void A_running_container_is_running_at_its_pod_ip_and_notebook_port()
    {
        var record = Read(Pods.Running());

        Assert.Equal(RuntimePhase.Running, record.Phase);
        Assert.Equal(PodStage.Started, record.Stage);
        Assert.Equal(new Uri("http://10.244.0.7:8888/"), record.Endpoint);
    }

    [Fact]
    public void A_running_container_without_an_address_yet_has_no_endpoint() =>
        Assert.Null(Read(Pods.Running(ip: null)).Endpoint);

    [Theory]
    [InlineData(137, "OOMKilled", "oom_killed")]
    [InlineData(1, "Error", "exit_code_1")]
    [InlineData(0, "Completed", "exit_code_0")]
    public void An_ended_container_is_exited_with_its_reason(int exitCode, string reason, string expected)
    {
        var record = Read(Pods.Terminated(exitCode, reason));

        Assert.Equal(RuntimePhase.Exited, record.Phase);
        Assert.Equal(expected, record.ExitReason);
    }

    [Fact]
    public void An_evicted_pod_is_exited_as_evicted()
    {
        var pod = Pods.Running();
        pod.Status.Phase = "Failed";
        pod.Status.Reason = "Evicted";
        pod.Status.Message = "The node was low on resource: memory.";

        Assert.Equal(("Exited", "evicted"), (Read(pod).Phase.ToString(), Read(pod).ExitReason));
    }

    [Fact]
    public void A_pod_being_deleted_is_exited_as_deleted()
    {
        var pod = Pods.Running();
        pod.Metadata.DeletionTimestamp = Pods.Created.AddMinutes(5);

        var record = Read(pod);

        Assert.Equal(RuntimePhase.Exited, record.Phase);
        Assert.Equal("deleted", record.ExitReason);
    }

    [Fact]
    public void Records_of_the_same_state_are_equal_so_unchanged_pods_tell_nobody()
    {
        var first = Pods.Running();
        var second = Pods.Running();
        second.Metadata.ResourceVersion = "999";

        Assert.Equal(Read(first), Read(second));
        Assert.NotEqual(Read(first), Read(Pods.Scheduled()));
    }
}
