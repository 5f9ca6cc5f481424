using System.Diagnostics.CodeAnalysis;

namespace Sandbox.Datasets;

/// <summary>Either a value or the <see cref="DatasetError"/> that explains why there is none.</summary>
public sealed class DatasetResult<T>
    where T : notnull
{
    internal DatasetResult(T? value, DatasetError? error)
    {
        Value = value;
        Error = error;
    }

    /// <summary>The value, when <see cref="IsSuccess"/>.</summary>
    public T? Value { get; }

    /// <summary>Why there is no value, when not <see cref="IsSuccess"/>.</summary>
    public DatasetError? Error { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;
}

/// <summary>Makes <see cref="DatasetResult{T}"/> values.</summary>
public static class DatasetResult
{
    public static DatasetResult<T> Success<T>(T value)
        where T : notnull => new(value, null);

    public static DatasetResult<T> Failure<T>(DatasetError error)
        where T : notnull => new(default, error ?? throw new ArgumentNullException(nameof(error)));
}
