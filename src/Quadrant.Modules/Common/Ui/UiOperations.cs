using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Validation;

namespace Quadrant.Modules.Common.Ui;

/// <summary>
/// Runs one UI operation in its own DI scope (a fresh DbContext, like an HTTP request), with the
/// signed-in user as the actor. Blazor circuits live long; DbContexts must not. A rule violation or
/// a concurrent edit becomes the same problem the API would answer, not a broken circuit.
/// </summary>
public sealed class UiOperations(IServiceScopeFactory scopes, AuthenticationStateProvider auth)
{
    public async Task<TResult> Run<THandler, TResult>(Func<THandler, Task<TResult>> operation)
        where THandler : notnull
    {
        ArgumentNullException.ThrowIfNull(operation);
        await using var scope = scopes.CreateAsyncScope();
        var state = await auth.GetAuthenticationStateAsync();
        scope.ServiceProvider.GetRequiredService<ActorContext>().Set(state.User);
        var handler = scope.ServiceProvider.GetRequiredService<THandler>();
        try
        {
            return await operation(handler);
        }
        catch (Exception e) when (e is DomainRuleException or DbUpdateException && IsOutcome(typeof(TResult)))
        {
            var problem = ApiExceptionHandler.Classify(e);
            return (TResult)typeof(TResult).GetMethod(nameof(Outcome<int>.Fail))!.Invoke(null, [problem])!;
        }
    }

    private static bool IsOutcome(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Outcome<>);
}
