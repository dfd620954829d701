using Microsoft.AspNetCore.Http;

namespace Quadrant.Modules.Common.Http;

/// <summary>A failed outcome, rendered as RFC 9457 problem details.</summary>
public sealed record Problem(
    int Status,
    string Title,
    string? Detail = null,
    IReadOnlyDictionary<string, string[]>? Errors = null,
    string? Rule = null)
{
    public static Problem Validation(IReadOnlyDictionary<string, string[]> errors) =>
        new(StatusCodes.Status400BadRequest, "One or more fields are invalid.", "See 'errors' for what to correct.", errors);

    public static Problem Invalid(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static Problem NotFound(string recordType, object id) =>
        new(StatusCodes.Status404NotFound, "Not found.", $"No {recordType} with id '{id}' exists.");

    public static Problem Conflict(string detail, string? field = null, string? rule = null) =>
        new(StatusCodes.Status409Conflict, "Conflict.", detail,
            field is null ? null : new Dictionary<string, string[]> { [field] = [detail] }, rule);

    public static Problem StaleVersion(int current) =>
        new(StatusCodes.Status409Conflict, "The record was changed by someone else.",
            $"Your copy is out of date: the record is now at version {current}. Reload it and apply your change again.",
            new Dictionary<string, string[]> { ["If-Match"] = [$"Stale version; current version is {current}."] }, "concurrency");

    public static Problem PreconditionRequired() =>
        new(StatusCodes.Status428PreconditionRequired, "If-Match header required.",
            "Send the ETag you read (If-Match: \"<version>\") so a concurrent change is detected instead of overwritten.",
            new Dictionary<string, string[]> { ["If-Match"] = ["The If-Match header is required for this change."] });

    public static Problem Forbidden(string detail) =>
        new(StatusCodes.Status403Forbidden, "Forbidden.", detail);

    public static Problem Unauthorized(string detail) =>
        new(StatusCodes.Status401Unauthorized, "Unauthorized.", detail);
}

/// <summary>The result of a handler: a value or a problem.</summary>
public readonly record struct Outcome<T>
{
    private Outcome(T? value, Problem? problem)
    {
        Value = value;
        Problem = problem;
    }

    public T? Value { get; }

    public Problem? Problem { get; }

    public bool Succeeded => Problem is null;

    public static Outcome<T> Success(T value) => new(value, null);

    public static Outcome<T> Fail(Problem problem) => new(default, problem);

#pragma warning disable CA2225 // the implicit conversions are the intended way to build an outcome
    public static implicit operator Outcome<T>(T value) => Success(value);

    public static implicit operator Outcome<T>(Problem problem) => Fail(problem);
#pragma warning restore CA2225
}
