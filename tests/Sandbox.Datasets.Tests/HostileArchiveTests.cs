using Sandbox.Datasets.Tests.Corpus;

namespace Sandbox.Datasets.Tests;

public sealed class HostileArchiveTests
{
    public static TheoryData<string> CaseNames => new(HostileArchives.Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Each_hostile_archive_is_refused_with_its_reason_naming_the_entry(string caseName)
    {
        (Func<byte[]> archive, string reason, string? entry) = HostileArchives.Cases[caseName];

        DatasetError error = await Conversion.RefuseAsync(archive());

        Assert.Equal(reason, error.Reason);
        Assert.Equal(entry, error.Entry);
        if (entry is not null)
        {
            Assert.Contains(EntryNameDisplay.Quote(entry), error.Message, StringComparison.Ordinal);
        }
    }
}
