using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Paging;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;
using Quadrant.Modules.Common.Validation;

namespace Quadrant.Modules.Common.Notifications;

public sealed record NotificationView(Guid Id, string Kind, string Title, string Body, string? Link, DateTime CreatedAt, DateTime? ReadAt);

public sealed record ListNotificationsQuery(string? Unread = null, string? Limit = null, string? Cursor = null);

public sealed record UnreadCount(int Unread);

/// <summary>The signed-in user's own notifications: list, count unread, mark read.</summary>
public sealed class NotificationsHandler(QuadrantDbContext db, ActorContext actor, TimeProvider time)
{
    internal static readonly Keyset<Notification> Keyset = new Keyset<Notification>(n => n.Id, "-createdAt")
        .Sort("createdAt", n => n.CreatedAt);

    public async Task<Outcome<Page<NotificationView>>> List(ListNotificationsQuery query, CancellationToken ct)
    {
        if (actor.UserId is not { } me)
        {
            return Problem.Unauthorized("Notifications belong to a signed-in user.");
        }

        var page = Keyset.Parse(query.Limit, null, query.Cursor);
        if (!page.Succeeded)
        {
            return page.Problem!;
        }

        var check = new Check();
        var unread = check.Flag(query.Unread, "unread") ?? false;
        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var mine = db.Set<Notification>().AsNoTracking().Where(n => n.UserId == me);
        if (unread)
        {
            mine = mine.Where(n => n.ReadAt == null);
        }

        return await Keyset.ToPageAsync(mine, page.Value!, n => new NotificationView(n.Id, n.Kind, n.Title, n.Body, n.Link, n.CreatedAt, n.ReadAt), ct);
    }

    public async Task<Outcome<UnreadCount>> Count(CancellationToken ct) =>
        actor.UserId is { } me
            ? new UnreadCount(await db.Set<Notification>().CountAsync(n => n.UserId == me && n.ReadAt == null, ct))
            : Problem.Unauthorized("Notifications belong to a signed-in user.");

    /// <summary>Marks one of the user's notifications read (idempotent); another user's is not found.</summary>
    public async Task<Outcome<NotificationView>> MarkRead(Guid id, CancellationToken ct)
    {
        var n = await db.Set<Notification>().FirstOrDefaultAsync(x => x.Id == id && x.UserId == actor.UserId, ct);
        if (n is null)
        {
            return Problem.NotFound("notification", id);
        }

        n.MarkRead(time.UtcNow());
        await db.SaveChangesAsync(ct);
        return new NotificationView(n.Id, n.Kind, n.Title, n.Body, n.Link, n.CreatedAt, n.ReadAt);
    }

    public async Task<Outcome<UnreadCount>> MarkAllRead(CancellationToken ct)
    {
        if (actor.UserId is not { } me)
        {
            return Problem.Unauthorized("Notifications belong to a signed-in user.");
        }

        var now = time.UtcNow();
        await db.Set<Notification>().Where(n => n.UserId == me && n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
        return new UnreadCount(0);
    }
}

internal static class NotificationEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/notifications", async ([AsParameters] ListNotificationsQuery query, NotificationsHandler handler, CancellationToken ct) =>
                (await handler.List(query, ct)).Map(Results.Ok))
            .WithName("ListNotifications").WithTags("Notifications")
            .WithSummary("Your notifications, newest first (unread=true for unread only)")
            .Produces<Page<NotificationView>>().ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/notifications/unread-count", async (NotificationsHandler handler, CancellationToken ct) => (await handler.Count(ct)).Map(Results.Ok))
            .WithName("CountUnreadNotifications").WithTags("Notifications").Produces<UnreadCount>();
        api.MapPost("/notifications/{id:guid}/read", async (Guid id, NotificationsHandler handler, CancellationToken ct) => (await handler.MarkRead(id, ct)).Map(Results.Ok))
            .WithName("MarkNotificationRead").WithTags("Notifications").Produces<NotificationView>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/notifications/read-all", async (NotificationsHandler handler, CancellationToken ct) => (await handler.MarkAllRead(ct)).Map(Results.Ok))
            .WithName("MarkAllNotificationsRead").WithTags("Notifications").Produces<UnreadCount>();
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.ToTable("notifications");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Id).ValueGeneratedNever();
        builder.Property(n => n.Kind).HasMaxLength(Notification.MaxKind).IsRequired();
        builder.Property(n => n.Title).HasMaxLength(Notification.MaxTitle).IsRequired();
        builder.Property(n => n.Body).HasMaxLength(Notification.MaxBody).IsRequired();
        builder.Property(n => n.Link).HasMaxLength(Notification.MaxLink);
        builder.HasIndex(n => new { n.UserId, n.CreatedAt, n.Id });
        builder.HasIndex(n => new { n.UserId, n.ReadAt });
        builder.HasOne<QuadrantUser>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
