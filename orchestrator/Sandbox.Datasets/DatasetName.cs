namespace Sandbox.Datasets;

/// <summary>
/// A dataset's name: 2-40 characters of lowercase <c>a-z</c>, <c>0-9</c> and <c>-</c>, starting with a letter.
/// It becomes part of an image name and the mount path <c>/data/&lt;name&gt;</c>, hence the narrow alphabet.
/// </summary>
public sealed record DatasetName
{
    private const int MinLength = 2;
    private const int MaxLength = 40;

    private DatasetName(string value) => Value = value;

    public string Value { get; }

    /// <summary>Checks <paramref name="text"/>; a refusal has reason <c>dataset.invalid_name</c>.</summary>
    public static DatasetResult<DatasetName> Parse(string? text)
    {
        if (text is null || text.Length is < MinLength or > MaxLength || !IsLowercaseLetter(text[0])
            || !text.All(c => IsLowercaseLetter(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            return DatasetResult.Failure<DatasetName>(new DatasetError(
                DatasetErrorCode.InvalidName,
                $"Dataset name '{EntryNameDisplay.Quote(text ?? "")}' is not {MinLength}-{MaxLength} characters of a-z, 0-9 and '-' starting with a letter."));
        }

        return DatasetResult.Success(new DatasetName(text));
    }

    public override string ToString() => Value;

    private static bool IsLowercaseLetter(char c) => c is >= 'a' and <= 'z';
}
