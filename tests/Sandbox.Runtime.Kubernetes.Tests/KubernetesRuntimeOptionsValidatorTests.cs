using Microsoft.Extensions.Configuration;

namespace Sandbox.Runtime.Kubernetes.Tests;

public sealed class KubernetesRuntimeOptionsValidatorTests
{
    private static IReadOnlyList<string> Errors(Action<KubernetesRuntimeOptions> change)
    {
        var result = new KubernetesRuntimeOptionsValidator().Validate(null, Specs.Options(change));
        return result.Failed ? result.Failures!.ToList() : [];
    }

    [Fact]
    public void The_defaults_are_valid() => Assert.Empty(Errors(_ => { }));

    [Fact]
    public void Init_copy_is_accepted_and_image_volumes_stay_the_default()
    {
        Assert.Empty(Errors(o => o.DatasetMounts = DatasetMountMode.InitCopy));
        Assert.Equal(DatasetMountMode.ImageVolume, Specs.Options().DatasetMounts);
        Assert.Equal("/bin/busybox", Specs.Options().DatasetCopyTool);
    }

    [Theory]
    [InlineData("busybox")]
    [InlineData("bin/busybox")]
    [InlineData("")]
    [InlineData("/bin/")]
    [InlineData("/bin/busy box")]
    public void A_copy_tool_that_is_not_an_absolute_file_path_is_refused(string tool) =>
        Assert.Contains(Errors(o => o.DatasetCopyTool = tool), e => e.StartsWith($"DatasetCopyTool '{tool}' must be the absolute path", StringComparison.Ordinal));

    [Theory]
    [InlineData("ReadWriteOncePod", "could never mount")]
    [InlineData("Sideways", "must be ReadWriteMany or ReadWriteOnce")]
    public void Home_access_modes_other_than_rwx_and_rwo_are_refused(string mode, string says) =>
        Assert.Contains(Errors(o => o.Home.AccessMode = mode), e => e.Contains(says, StringComparison.Ordinal));

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var errors = Errors(o =>
        {
            o.Namespace = "Not_A_Namespace";
            o.Context = "dev";
            o.ScheduleTimeout = TimeSpan.Zero;
            o.ClusterDnsCidr = "kube-dns";
            o.PrivateRanges.Add("10.1.2.3/8");
            o.Gpu.Tolerations.Add(new KubernetesToleration { Key = "nvidia.com/gpu", Operator = "Equal", Effect = "Sometimes" });
            o.Gpu.NodeSelector.Add(new KubernetesLabel { Key = "bad key!", Value = "x" });
            o.OrchestratorPodLabels.Add(new KubernetesLabel { Key = "app", Value = "not a value" });
            o.LabelPrefix = "sandbox";
            o.RunAsUser = 0;
            o.Home.DefaultSizeGiB = 0;
        });

        Assert.Contains(errors, e => e.StartsWith("Namespace 'Not_A_Namespace'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Context applies to a Kubeconfig only", StringComparison.Ordinal));
        Assert.Contains(errors, e => e == "ScheduleTimeout must be positive.");
        Assert.Contains(errors, e => e.StartsWith("ClusterDnsCidr 'kube-dns'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("PrivateRanges '10.1.2.3/8'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e == "Gpu:Tolerations 'nvidia.com/gpu Equal  Sometimes': the operator must be Exists (without a value) or Equal (with one).");
        Assert.Contains(errors, e => e == "Gpu:Tolerations 'nvidia.com/gpu Equal  Sometimes': the effect must be one of NoSchedule, PreferNoSchedule, NoExecute.");
        Assert.Contains(errors, e => e.StartsWith("Gpu:NodeSelector 'bad key!: x'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("'app: not a value' is not a valid label key and value", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("LabelPrefix 'sandbox'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("RunAsUser must be a positive uid", StringComparison.Ordinal));
        Assert.Contains(errors, e => e == "Home:DefaultSizeGiB must be positive.");
        Assert.Equal(12, errors.Count);
    }

    [Theory]
    [InlineData("fd00:10::/32")]
    [InlineData("2001:db8::/32")]
    [InlineData("[fd00::]")]
    public void Ipv6_private_ranges_are_accepted(string range) =>
        Assert.Empty(Errors(o => o.PrivateRanges.Add(range)));

    [Fact]
    public void An_ipv6_cluster_dns_is_accepted() =>
        Assert.Empty(Errors(o => o.ClusterDnsCidr = "fd00:10:96::a/128"));

    [Theory]
    [InlineData("fd00::1/8", "is not an address range")]
    [InlineData("fd00::/129", "is not an address range")]
    [InlineData("fd00:::/8", "is not an address range")]
    [InlineData("[fd00::]:53", "ports are not allowed here")]
    [InlineData("::/0", "covers every address")]
    [InlineData("0.0.0.0/0", "covers every address")]
    [InlineData("::ffff:10.0.0.0/104", "IPv4-mapped IPv6 range")]
    public void Malformed_or_meaningless_private_ranges_are_refused_saying_why(string range, string says)
    {
        var error = Assert.Single(Errors(o => o.PrivateRanges.Add(range)));

        Assert.StartsWith($"PrivateRanges '{range}'", error, StringComparison.Ordinal);
        Assert.Contains(says, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fd00::a/64", "is not an address range")]
    [InlineData("::ffff:10.96.0.10/128", "IPv4-mapped IPv6 range")]
    public void A_malformed_ipv6_cluster_dns_is_refused_saying_why(string cidr, string says)
    {
        var error = Assert.Single(Errors(o => o.ClusterDnsCidr = cidr));

        Assert.StartsWith($"ClusterDnsCidr '{cidr}'", error, StringComparison.Ordinal);
        Assert.Contains(says, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_kubeconfig_file_is_named() =>
        Assert.Contains(Errors(o => o.Kubeconfig = "/nonexistent/kubeconfig"), e => e == "Kubeconfig '/nonexistent/kubeconfig' does not exist.");

    [Fact]
    public void Empty_lists_mean_the_documented_defaults()
    {
        var options = Specs.Options();

        Assert.Equal("sandbox-orchestrator", options.EffectiveOrchestratorPodLabels["app.kubernetes.io/name"]);
        Assert.Equal(KubernetesRuntimeOptions.DefaultPrivateRanges, options.EffectivePrivateRanges);
        options.PrivateRanges.Add("10.0.0.0/8");
        Assert.Equal(["10.0.0.0/8"], options.EffectivePrivateRanges);
    }

    [Fact]
    public void Settings_bind_from_environment_style_keys()
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Gpu:NodeSelector:0:Key"] = "nvidia.com/gpu.present",
                ["Gpu:NodeSelector:0:Value"] = "true",
                ["Gpu:Tolerations:0:Key"] = "dedicated",
                ["Gpu:Tolerations:0:Operator"] = "Equal",
                ["Gpu:Tolerations:0:Value"] = "ai",
                ["OrchestratorNamespaceLabels:0:Key"] = "kubernetes.io/metadata.name",
                ["OrchestratorNamespaceLabels:0:Value"] = "sandbox",
                ["Home:AccessMode"] = "ReadWriteOnce",
                ["ScheduleTimeout"] = "00:00:30",
                ["DatasetMounts"] = "InitCopy",
                ["DatasetCopyTool"] = "/usr/bin/busybox",
            })
            .Build();
        var options = new KubernetesRuntimeOptions();

        Microsoft.Extensions.Configuration.ConfigurationBinder.Bind(configuration, options);

        Assert.Empty(Errors(o => Microsoft.Extensions.Configuration.ConfigurationBinder.Bind(configuration, o)));
        Assert.Equal(("nvidia.com/gpu.present", "true"), (options.Gpu.NodeSelector.Single().Key, options.Gpu.NodeSelector.Single().Value));
        Assert.Equal(("dedicated", "Equal", "ai", "NoSchedule"), (options.Gpu.Tolerations[0].Key, options.Gpu.Tolerations[0].Operator, options.Gpu.Tolerations[0].Value, options.Gpu.Tolerations[0].Effect));
        Assert.Equal("sandbox", KubernetesRuntimeOptions.ToDictionary(options.OrchestratorNamespaceLabels)["kubernetes.io/metadata.name"]);
        Assert.Equal("ReadWriteOnce", options.Home.AccessMode);
        Assert.Equal(TimeSpan.FromSeconds(30), options.ScheduleTimeout);
        Assert.Equal((DatasetMountMode.InitCopy, "/usr/bin/busybox"), (options.DatasetMounts, options.DatasetCopyTool));
    }
}
