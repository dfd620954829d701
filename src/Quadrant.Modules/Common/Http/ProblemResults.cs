using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Quadrant.Modules.Common.Http;

public static class ProblemResults
{
    public static IResult ToResult(this Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return Results.Problem(ToDetails(problem));
    }

    public static ProblemDetails ToDetails(Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var details = problem.Errors is { Count: > 0 }
            ? new HttpValidationProblemDetails(problem.Errors.ToDictionary(e => e.Key, e => e.Value))
            : new ProblemDetails();
        details.Status = problem.Status;
        details.Title = problem.Title;
        details.Detail = problem.Detail;
        details.Type = $"https://quadrant.dev/problems/{problem.Status}";
        if (problem.Rule is not null)
        {
            details.Extensions["rule"] = problem.Rule;
        }

        return details;
    }

    /// <summary>Maps an outcome: a value through <paramref name="onSuccess"/>, a problem to problem details.</summary>
    public static IResult Map<T>(this Outcome<T> outcome, Func<T, IResult> onSuccess)
    {
        ArgumentNullException.ThrowIfNull(onSuccess);
        return outcome.Succeeded ? onSuccess(outcome.Value!) : outcome.Problem!.ToResult();
    }
}
