using Sandbox.Datasets.Paths;

namespace Sandbox.Datasets.Tests.Paths;

public sealed class DatasetTreeTests
{
    [Fact]
    public void A_file_brings_its_folders_into_being_once_outermost_first()
    {
        var tree = new DatasetTree();
        var created = new List<string>();

        Assert.Null(tree.AddFile(Path("a/b/c.csv"), "a/b/c.csv", created));
        Assert.Equal(["a", "a/b"], created);

        created.Clear();
        Assert.Null(tree.AddFile(Path("a/b/d.csv"), "a/b/d.csv", created));
        Assert.Empty(created);
        Assert.Equal(2, tree.DirectoryCount);
    }

    [Fact]
    public void Naming_a_folder_twice_is_harmless_but_a_file_twice_is_not()
    {
        var tree = new DatasetTree();
        var created = new List<string>();

        Assert.Null(tree.AddDirectory(Path("a"), "a/", created));
        Assert.Null(tree.AddDirectory(Path("a"), "./a/", created));
        Assert.Null(tree.AddFile(Path("a/x"), "a/x", created));

        Assert.Equal(DatasetErrorCode.DuplicateEntry, tree.AddFile(Path("a/x"), "a/x", created)?.Code);
        Assert.Equal(DatasetErrorCode.DuplicateEntry, tree.AddFile(Path("a"), "a", created)?.Code);
        Assert.Equal(DatasetErrorCode.DuplicateEntry, tree.AddDirectory(Path("a/x"), "a/x/", created)?.Code);
    }

    [Fact]
    public void A_folder_and_a_file_differing_by_case_conflict()
    {
        var tree = new DatasetTree();
        var created = new List<string>();
        Assert.Null(tree.AddDirectory(Path("Data"), "Data/", created));

        DatasetError? error = tree.AddFile(Path("data"), "data", created);

        Assert.Equal(DatasetErrorCode.CaseConflict, error?.Code);
        Assert.Contains("'Data'", error!.Message, StringComparison.Ordinal);
    }

    private static EntryPath Path(string value) => new(value.Split('/'));
}
