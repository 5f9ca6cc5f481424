namespace Sandbox.Datasets;

/// <summary>
/// A dataset version: 1-32 characters of <c>A-Z a-z 0-9 . _ -</c> starting with a letter or digit, such as
/// <c>1</c>, <c>2026.11</c> or <c>v3-rc1</c>. The alphabet is what an image tag allows, so the version can be one.
/// </summary>
public sealed record DatasetVersion
{
    private const int MaxLength = 32;

    private DatasetVersion(string value) => Value = value;

    public string Value { get; }

    /// <summary>Checks <paramref name="text"/>; a refusal has reason <c>dataset.invalid_version</c>.</summary>
    public static DatasetResult<DatasetVersion> Parse(string? text)
    {
        if (text is null || text.Length is 0 or > MaxLength || !char.IsAsciiLetterOrDigit(text[0])
            || !text.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            return DatasetResult.Failure<DatasetVersion>(new DatasetError(
                DatasetErrorCode.InvalidVersion,
                $"Dataset version '{EntryNameDisplay.Quote(text ?? "")}' is not 1-{MaxLength} characters of A-Z, a-z, 0-9, '.', '_' and '-' starting with a letter or digit."));
        }

        return DatasetResult.Success(new DatasetVersion(text));
    }

    public override string ToString() => Value;
}
