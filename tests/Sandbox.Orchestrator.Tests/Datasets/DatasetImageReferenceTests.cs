using Sandbox.Datasets;
using Sandbox.Orchestrator.Datasets;
using Sandbox.Orchestrator.Datasets.Registry;
using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Tests.Datasets;

/// <summary>Which reference a published version's data image gets, per installation and registry setting.</summary>
public sealed class DatasetImageReferenceTests
{
    private static readonly DatasetManifest Shops = new("shops", "2", "sha256:" + new string('c', 64), 10, []);

    [Fact]
    public void On_one_engine_two_installations_get_different_tags_for_the_same_version()
    {
        var settings = new DatasetsOptions();
        var first = DatasetPublisher.ImageReference(settings, new RegistryOptions(), new InstallationIdentity("inst1aaaa", false), Shops);
        var second = DatasetPublisher.ImageReference(settings, new RegistryOptions(), new InstallationIdentity("inst2bbbb", false), Shops);

        Assert.Equal("sandbox-data/inst1aaaa/shops:2", first);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void An_installation_older_than_installation_ids_keeps_its_old_tags()
    {
        var reference = DatasetPublisher.ImageReference(new DatasetsOptions(), new RegistryOptions(), new InstallationIdentity("legacy01", true), Shops);

        Assert.Equal("sandbox-data/shops:2", reference);
    }

    [Fact]
    public void With_a_registry_the_reference_is_its_repository_until_the_digest_is_known()
    {
        var registry = new RegistryOptions { Url = new Uri("http://127.0.0.1:5000") };

        var reference = DatasetPublisher.ImageReference(new DatasetsOptions(), registry, new InstallationIdentity("inst1aaaa", false), Shops);

        Assert.Equal("127.0.0.1:5000/sandbox-data/shops", reference);
    }
}
