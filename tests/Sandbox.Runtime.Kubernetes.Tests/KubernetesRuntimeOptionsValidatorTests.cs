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
    public void Init_copy_is_refused_with_a_clear_message() =>
        Assert.Contains(Errors(o => o.DatasetMounts = DatasetMountMode.InitCopy), e => e.Contains("'InitCopy' is not implemented yet", StringComparison.Ordinal));

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
            o.Gpu.Tolerations.Add("nvidia.com/gpu");
            o.Gpu.NodeSelector["bad key!"] = "x";
            o.OrchestratorPodLabels.Clear();
            o.LabelPrefix = "sandbox";
            o.RunAsUser = 0;
            o.Home.DefaultSizeGiB = 0;
        });

        Assert.Contains(errors, e => e.StartsWith("Namespace 'Not_A_Namespace'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Context applies to a Kubeconfig only", StringComparison.Ordinal));
        Assert.Contains(errors, e => e == "ScheduleTimeout must be positive.");
        Assert.Contains(errors, e => e.StartsWith("ClusterDnsCidr 'kube-dns'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("PrivateRanges '10.1.2.3/8'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Gpu:Tolerations 'nvidia.com/gpu'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Gpu:NodeSelector 'bad key!: x'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("OrchestratorPodLabels is required", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("LabelPrefix 'sandbox'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("RunAsUser must be a positive uid", StringComparison.Ordinal));
        Assert.Contains(errors, e => e == "Home:DefaultSizeGiB must be positive.");
        Assert.Equal(11, errors.Count);
    }

    [Fact]
    public void A_missing_kubeconfig_file_is_named() =>
        Assert.Contains(Errors(o => o.Kubeconfig = "/nonexistent/kubeconfig"), e => e == "Kubeconfig '/nonexistent/kubeconfig' does not exist.");

    [Theory]
    [InlineData("nvidia.com/gpu:NoSchedule", "nvidia.com/gpu", "Exists", null, "NoSchedule")]
    [InlineData("dedicated=ai:NoExecute", "dedicated", "Equal", "ai", "NoExecute")]
    public void Tolerations_are_read_from_their_text(string text, string key, string op, string? value, string effect)
    {
        var toleration = TolerationText.TryParse(text, out var error);

        Assert.Null(error);
        Assert.Equal((key, op, value, effect), (toleration!.Key, toleration.OperatorProperty, toleration.Value, toleration.Effect));
    }
}
