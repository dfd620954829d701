using System.Security.Claims;

namespace Quadrant.Modules.Common.Identity;

/// <summary>
/// Who is acting in the current unit of work (an HTTP request, a UI operation, a job).
/// Set once at the edge; read by handlers and by the audit trail.
/// </summary>
public sealed class ActorContext
{
    public Guid? UserId { get; private set; }

    public string Name { get; private set; } = "anonymous";

    public IReadOnlySet<string> RolesHeld { get; private set; } = new HashSet<string>();

    public bool IsAuthenticated => UserId is not null;

    public void Set(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        if (principal.Identity?.IsAuthenticated == true && Guid.TryParse(id, out var userId))
        {
            UserId = userId;
            Name = principal.FindFirstValue(ClaimTypes.Email) ?? principal.Identity.Name ?? userId.ToString();
            RolesHeld = principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        }
    }

    public void SetUser(Guid userId, string name)
    {
        UserId = userId;
        Name = name;
    }

    public void SetSystem(string name)
    {
        UserId = null;
        Name = name;
        RolesHeld = new HashSet<string>();
    }

    public bool IsInAnyRole(IEnumerable<string> roles) => roles.Any(RolesHeld.Contains);
}
