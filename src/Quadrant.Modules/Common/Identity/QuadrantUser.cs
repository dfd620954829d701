using Microsoft.AspNetCore.Identity;

namespace Quadrant.Modules.Common.Identity;

/// <summary>A person who signs in to Quadrant. Stored by ASP.NET Core Identity.</summary>
public sealed class QuadrantUser : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = "";

    /// <summary>Deactivated users cannot sign in or use their API tokens; their records stay.</summary>
    public bool IsActive { get; set; } = true;

    public DateTime CreatedAt { get; set; }

    public DateTime? DeactivatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>Optimistic-concurrency version, exposed as the ETag.</summary>
    public int Version { get; set; } = 1;
}

public sealed class QuadrantRole : IdentityRole<Guid>
{
    public QuadrantRole()
    {
    }

    public QuadrantRole(string name) : base(name)
    {
    }
}
