using k8s.Models;
using Sandbox.Datasets.Oci;

namespace Sandbox.Runtime.Kubernetes.Tests;

public sealed class PodManifestTests
{
    [Fact]
    public void The_cpu_pod_matches_the_golden_file() =>
        Golden.AssertMatches("pod-cpu", PodManifest.Build(Specs.Cpu(), Specs.Options(), Specs.Names()));

    [Fact]
    public void The_gpu_pod_matches_the_golden_file()
    {
        var options = Specs.Options(o =>
        {
            o.Gpu.NodeSelector.Add(new KubernetesLabel { Key = "accelerator", Value = "nvidia" });
            o.Gpu.Tolerations.Add(new KubernetesToleration { Key = "dedicated", Operator = "Equal", Value = "ai", Effect = "NoSchedule" });
        });
        Golden.AssertMatches("pod-gpu", PodManifest.Build(Specs.Gpu(), options, Specs.Names(options)));
    }

    [Fact]
    public void The_pod_with_datasets_matches_the_golden_file() =>
        Golden.AssertMatches("pod-datasets-image-volume", PodManifest.Build(Specs.WithDatasets(), Specs.Options(), Specs.Names()));

    [Fact]
    public void The_pod_with_datasets_copied_by_init_containers_matches_the_golden_file()
    {
        var options = Specs.Options(o => o.DatasetMounts = DatasetMountMode.InitCopy);
        Golden.AssertMatches("pod-datasets-initcopy", PodManifest.Build(Specs.WithDatasets(), options, Specs.Names(options)));
    }

    [Fact]
    public void Init_copy_brings_the_copy_tool_from_the_notebook_image_then_copies_each_dataset_from_its_image_by_digest()
    {
        var options = Specs.Options(o =>
        {
            o.DatasetMounts = DatasetMountMode.InitCopy;
            o.DatasetCopyTool = "/usr/local/bin/busybox";
        });
        var spec = Specs.WithDatasets();
        var pod = PodManifest.Build(spec, options, Specs.Names(options));
        var init = pod.Spec.InitContainers;

        Assert.Equal(["copy-tool", "dataset-0", "dataset-1"], init.Select(c => c.Name));
        Assert.Equal(spec.Image, init[0].Image);
        Assert.Equal(["/usr/local/bin/busybox", "cp", "/usr/local/bin/busybox", "/sandbox-tools/busybox"], init[0].Command);
        Assert.False(Assert.Single(init[0].VolumeMounts).ReadOnlyProperty ?? false);
        Assert.Equal(Specs.DatasetImage, init[1].Image);
        Assert.Equal(["/sandbox-tools/busybox", "cp", "-R", "/data/shops/.", "/dataset/"], init[1].Command);
        Assert.Equal(["/sandbox-tools/busybox", "cp", "-R", "/data/weather/.", "/dataset/"], init[2].Command);
        Assert.True(Assert.Single(init[1].VolumeMounts, m => m.Name == "sandbox-tools").ReadOnlyProperty);
        Assert.Equal("/dataset", Assert.Single(init[1].VolumeMounts, m => m.Name == "dataset-0").MountPath);
        Assert.All(init, c => Assert.Null(c.Args));

        // The notebook sees each copy read-only where image volumes would put it, and no image volume is left.
        var mount = Assert.Single(pod.Spec.Containers[0].VolumeMounts, m => m.MountPath == "/data/shops");
        Assert.Equal("dataset-0", mount.Name);
        Assert.True(mount.ReadOnlyProperty);
        Assert.Null(mount.SubPath);
        Assert.Equal("dataset-1", Assert.Single(pod.Spec.Containers[0].VolumeMounts, m => m.MountPath == "/data/weather").Name);
        Assert.All(pod.Spec.Volumes, v => Assert.Null(v.Image));
        Assert.Equal("16Mi", Assert.Single(pod.Spec.Volumes, v => v.Name == "sandbox-tools").EmptyDir.SizeLimit.ToString());
        Assert.Null(Assert.Single(pod.Spec.Volumes, v => v.Name == "dataset-0").EmptyDir.SizeLimit);
    }

    [Fact]
    public void Init_containers_run_restricted_with_small_requests_equal_to_limits_so_the_pod_stays_guaranteed()
    {
        var options = Specs.Options(o => o.DatasetMounts = DatasetMountMode.InitCopy);
        var pod = PodManifest.Build(Specs.WithDatasets(), options, Specs.Names(options));

        Assert.Equal(3, pod.Spec.InitContainers.Count);
        Assert.All(pod.Spec.InitContainers, c =>
        {
            Assert.Equal(k8s.KubernetesJson.Serialize(pod.Spec.Containers[0].SecurityContext), k8s.KubernetesJson.Serialize(c.SecurityContext));
            Assert.True(c.SecurityContext.ReadOnlyRootFilesystem);
            Assert.Equal(["ALL"], c.SecurityContext.Capabilities.Drop);
            Assert.Equal("100m", c.Resources.Limits["cpu"].ToString());
            Assert.Equal("128Mi", c.Resources.Limits["memory"].ToString());
            Assert.Equal(c.Resources.Limits.Keys.Order(), c.Resources.Requests.Keys.Order());
            Assert.All(c.Resources.Limits, pair => Assert.Equal(pair.Value.ToString(), c.Resources.Requests[pair.Key].ToString()));
        });
    }

    [Fact]
    public void Init_copy_adds_nothing_to_a_pod_without_datasets()
    {
        var options = Specs.Options(o => o.DatasetMounts = DatasetMountMode.InitCopy);
        var pod = PodManifest.Build(Specs.Cpu(), options, Specs.Names(options));

        Assert.Null(pod.Spec.InitContainers);
        Assert.Equal(["tmp", "home"], pod.Spec.Volumes.Select(v => v.Name));
    }

    [Fact]
    public void The_pod_of_a_readwriteonce_home_matches_the_golden_file()
    {
        var options = Specs.Options(o => o.Home.AccessMode = "ReadWriteOnce");
        Golden.AssertMatches("pod-home-readwriteonce", PodManifest.Build(Specs.Cpu(), options, Specs.Names(options)));
    }

    [Fact]
    public void The_pod_meets_the_restricted_pod_security_standard()
    {
        var pod = PodManifest.Build(Specs.WithDatasets(), Specs.Options(), Specs.Names());
        var spec = pod.Spec;
        var container = Assert.Single(spec.Containers);

        Assert.True(spec.SecurityContext.RunAsNonRoot);
        Assert.Equal(1000, spec.SecurityContext.RunAsUser);
        Assert.Equal(1000, spec.SecurityContext.FsGroup);
        Assert.Equal("RuntimeDefault", spec.SecurityContext.SeccompProfile.Type);
        Assert.False(spec.AutomountServiceAccountToken);
        Assert.False(spec.EnableServiceLinks);
        Assert.False(spec.HostNetwork);
        Assert.False(spec.HostPID);
        Assert.False(spec.HostIPC);
        Assert.Equal("Never", spec.RestartPolicy);
        Assert.False(container.SecurityContext.AllowPrivilegeEscalation);
        Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
        Assert.Equal(["ALL"], container.SecurityContext.Capabilities.Drop);
        Assert.Null(container.SecurityContext.Capabilities.Add);
        Assert.Null(container.Ports.Single().HostPort);

        // Only the volume types the restricted profile allows (image volumes: 1.33+), never a host path.
        Assert.All(spec.Volumes, v => Assert.True(v.EmptyDir is not null || v.PersistentVolumeClaim is not null || v.Image is not null, v.Name));
        Assert.Contains(container.VolumeMounts, m => m.MountPath == "/tmp" && m.Name == "tmp");
    }

    [Fact]
    public void The_command_becomes_args_so_the_images_entrypoint_stays()
    {
        var container = PodManifest.Build(Specs.Cpu(), Specs.Options(), Specs.Names()).Spec.Containers[0];

        Assert.Equal(["start-notebook.py", "--ServerApp.port=8888"], container.Args);
        Assert.Null(container.Command);
    }

    [Fact]
    public void Secrets_are_referenced_from_the_sessions_secret_never_written_in_the_pod()
    {
        var pod = PodManifest.Build(Specs.Cpu(), Specs.Options(), Specs.Names());
        var token = Assert.Single(pod.Spec.Containers[0].Env, e => e.Name == "JUPYTER_TOKEN");

        Assert.Null(token.Value);
        Assert.Equal("sbx-inst0example-s0000000000000042-token", token.ValueFrom.SecretKeyRef.Name);
        Assert.Equal("JUPYTER_TOKEN", token.ValueFrom.SecretKeyRef.Key);
        Assert.DoesNotContain("token-for-tests", k8s.KubernetesJson.Serialize(pod), StringComparison.Ordinal);
    }

    [Fact]
    public void Requests_equal_limits_and_gpu_sizes_ask_for_nvidia_gpus_on_gpu_nodes()
    {
        var options = Specs.Options(o => o.Gpu.NodeSelector.Add(new KubernetesLabel { Key = "accelerator", Value = "nvidia" }));
        var cpu = PodManifest.Build(Specs.Cpu(), options, Specs.Names(options));
        var gpu = PodManifest.Build(Specs.Gpu(), options, Specs.Names(options));
        var resources = gpu.Spec.Containers[0].Resources;

        Assert.Equal("1500m", cpu.Spec.Containers[0].Resources.Limits["cpu"].ToString());
        Assert.Equal("2Gi", cpu.Spec.Containers[0].Resources.Limits["memory"].ToString());
        Assert.False(cpu.Spec.Containers[0].Resources.Limits.ContainsKey("nvidia.com/gpu"));
        Assert.Null(cpu.Spec.NodeSelector);
        Assert.Null(cpu.Spec.Tolerations);
        Assert.Equal("31232Mi", resources.Limits["memory"].ToString());
        Assert.Equal("2", resources.Limits["nvidia.com/gpu"].ToString());
        Assert.Equal(resources.Limits.Keys.Order(), resources.Requests.Keys.Order());
        Assert.All(resources.Limits, pair => Assert.Equal(pair.Value.ToString(), resources.Requests[pair.Key].ToString()));
        Assert.Equal("nvidia", gpu.Spec.NodeSelector["accelerator"]);
        var toleration = Assert.Single(gpu.Spec.Tolerations);
        Assert.Equal(("nvidia.com/gpu", "Exists", "NoSchedule"), (toleration.Key, toleration.OperatorProperty, toleration.Effect));
    }

    [Fact]
    public void Datasets_mount_their_folder_of_the_data_image_read_only_by_digest()
    {
        var pod = PodManifest.Build(Specs.WithDatasets(), Specs.Options(), Specs.Names());
        var mount = Assert.Single(pod.Spec.Containers[0].VolumeMounts, m => m.MountPath == "/data/shops");
        var volume = Assert.Single(pod.Spec.Volumes, v => v.Name == mount.Name);

        Assert.True(mount.ReadOnlyProperty);
        Assert.Equal("data/shops", mount.SubPath);
        Assert.Equal(Specs.DatasetImage, volume.Image.Reference);
        Assert.Equal("IfNotPresent", volume.Image.PullPolicy);
    }

    [Fact]
    public void The_subpath_root_is_where_data_images_hold_their_files() =>
        Assert.Equal(PodManifest.DataImageRoot, DataLayerWriter.Root);

    [Fact]
    public void A_dataset_image_not_pinned_in_a_registry_is_refused()
    {
        var spec = Specs.Cpu([new DatasetMount("shops", "3", "sandbox-data/inst0example/shops:3", "/data/shops")]);

        var refused = Assert.Throws<RuntimeException>(() => PodManifest.Build(spec, Specs.Options(), Specs.Names()));

        Assert.Equal("dataset_image_unavailable", refused.Reason);
        Assert.Contains("sandbox-data/inst0example/shops:3", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_readwriteonce_home_keeps_the_members_sessions_on_one_node()
    {
        var options = Specs.Options(o => o.Home.AccessMode = "ReadWriteOnce");
        var pod = PodManifest.Build(Specs.Cpu(), options, Specs.Names(options));
        var term = Assert.Single(pod.Spec.Affinity.PodAffinity.RequiredDuringSchedulingIgnoredDuringExecution);

        Assert.Equal("kubernetes.io/hostname", term.TopologyKey);
        Assert.Equal("member-7", term.LabelSelector.MatchLabels["sandbox.coop/member"]);
        Assert.Equal("member-7", pod.Metadata.Labels["sandbox.coop/member"]);
        Assert.Null(PodManifest.Build(Specs.Cpu(), Specs.Options(), Specs.Names()).Spec.Affinity);
    }

    [Theory]
    [InlineData(0, 2, 1, 0, "invalid_limits")]
    [InlineData(1, 0.001, 1, 0, "invalid_limits")]
    [InlineData(1, 2, 1, -1, "invalid_limits")]
    public void Impossible_limits_are_refused(double cpu, double memory, int pids, int gpu, string reason)
    {
        var spec = Specs.Cpu() with { Limits = new ResourceLimits((decimal)cpu, (decimal)memory, pids, gpu) };

        Assert.Equal(reason, Assert.Throws<RuntimeException>(() => PodManifest.Build(spec, Specs.Options(), Specs.Names())).Reason);
    }

    [Fact]
    public void A_variable_both_plain_and_secret_is_refused()
    {
        var spec = Specs.Cpu() with { Environment = new Dictionary<string, string> { ["JUPYTER_TOKEN"] = "x" } };

        Assert.Equal("invalid_spec", Assert.Throws<RuntimeException>(() => PodManifest.Build(spec, Specs.Options(), Specs.Names())).Reason);
    }

    [Fact]
    public void A_dataset_on_tmp_or_the_home_is_refused()
    {
        var spec = Specs.Cpu([new DatasetMount("shops", "3", Specs.DatasetImage, "/tmp/")]);

        Assert.Equal("dataset_mount_conflict", Assert.Throws<RuntimeException>(() => PodManifest.Build(spec, Specs.Options(), Specs.Names())).Reason);
    }

    [Fact]
    public void The_pod_is_labelled_for_the_installation_session_member_and_egress()
    {
        var pod = PodManifest.Build(Specs.Cpu(egress: Specs.InternetAndMirror()), Specs.Options(), Specs.Names());
        var labels = pod.Metadata.Labels;

        Assert.Equal("sbx-inst0example-s0000000000000042", pod.Metadata.Name);
        Assert.Equal("sandbox", labels["app.kubernetes.io/managed-by"]);
        Assert.Equal("inst0example", labels["sandbox.coop/installation"]);
        Assert.Equal("s0000000000000042", labels["sandbox.coop/session"]);
        Assert.Equal(KubernetesNames.EgressKey(Specs.InternetAndMirror()), labels["sandbox.coop/egress"]);
        Assert.Equal("8888", pod.Metadata.Annotations["sandbox.coop/notebook-port"]);
        Assert.IsType<V1Pod>(pod);
    }
}
