using Quadrant.Modules.Common.Auditing;

namespace Quadrant.Modules.Common.Notifications;

/// <summary>An in-app message to one user (e-mail delivery joins with the incidents module).</summary>
[NotAuditedEntity]
public sealed class Notification
{
    public const int MaxTitle = 300;
    public const int MaxBody = 4000;
    public const int MaxLink = 500;
    public const int MaxKind = 60;

    private Notification()
    {
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    /// <summary>What happened, e.g. "sla.warning" or "sla.breach".</summary>
    public string Kind { get; private set; } = "";

    public string Title { get; private set; } = "";

    public string Body { get; private set; } = "";

    /// <summary>A relative link to the record in the UI.</summary>
    public string? Link { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime? ReadAt { get; private set; }

    public static Notification Create(Guid userId, string kind, string title, string body, string? link, DateTime now) =>
        new()
        {
            Id = Guid.CreateVersion7(now),
            UserId = userId,
            Kind = Cut(kind, MaxKind),
            Title = Cut(title, MaxTitle),
            Body = Cut(body, MaxBody),
            Link = link is null ? null : Cut(link, MaxLink),
            CreatedAt = now,
        };

    public void MarkRead(DateTime now) => ReadAt ??= now;

    private static string Cut(string s, int max) => s.Length > max ? s[..max] : s;
}
