using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Catalogue.Contracts;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;
using Quadrant.Modules.Common.Validation;
using Quadrant.Modules.Mail.Domain;
using Quadrant.Modules.Mail.Features.MailSettingsFeature;

namespace Quadrant.Modules.Mail.Features.Mailboxes;

public sealed record MailboxView(Guid Id, string Name, string Host, int Port, MailSecurity Security, string User, bool PasswordSet, string Folder,
    string ProcessedFolder, int PollSeconds, Guid? DefaultServiceId, bool Enabled, DateTime? LastPolledAt, string? LastError, int Version);

/// <summary>A mailbox to poll. <c>password</c>: required when creating; on update null keeps the stored one.</summary>
public sealed record MailboxRequest(string? Name, string? Host, int? Port, MailSecurity? Security, string? User, string? Password, string? Folder,
    string? ProcessedFolder, int? PollSeconds, Guid? DefaultServiceId, bool? Enabled);

internal sealed class MailboxesHandler(QuadrantDbContext db, IServiceCatalogue catalogue, ActorContext actor, TimeProvider time)
{
    public async Task<Outcome<IReadOnlyList<MailboxView>>> List(CancellationToken ct)
    {
        if (!actor.IsInAnyRole(MailAccess.Admins))
        {
            return MailAccess.Forbidden();
        }

        return (await db.Set<Mailbox>().AsNoTracking().OrderBy(m => m.Name).ToListAsync(ct)).Select(View).ToList();
    }

    public async Task<Outcome<MailboxView>> Create(MailboxRequest r, CancellationToken ct)
    {
        if (!actor.IsInAnyRole(MailAccess.Admins))
        {
            return MailAccess.Forbidden();
        }

        var check = await ValidateAsync(r, null, ct);
        check.Required("password", r.Password, MailSettings.MaxPassword);
        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var mailbox = Mailbox.Create(r.Name!.Trim(), r.Host!.Trim(), r.Port!.Value, r.Security ?? MailSecurity.Auto, r.User!.Trim(), r.Password!,
            string.IsNullOrWhiteSpace(r.Folder) ? "INBOX" : r.Folder.Trim(), r.ProcessedFolder?.Trim() ?? "", r.PollSeconds ?? 60, r.DefaultServiceId,
            r.Enabled ?? true, time.UtcNow());
        db.Add(mailbox);
        await db.SaveChangesAsync(ct);
        return View(mailbox);
    }

    public async Task<Outcome<MailboxView>> Update(Guid id, MailboxRequest r, CancellationToken ct)
    {
        if (!actor.IsInAnyRole(MailAccess.Admins))
        {
            return MailAccess.Forbidden();
        }

        var mailbox = await db.Set<Mailbox>().FirstOrDefaultAsync(m => m.Id == id, ct);
        if (mailbox is null)
        {
            return Problem.NotFound("mailbox", id);
        }

        var check = await ValidateAsync(r, id, ct);
        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        mailbox.Update(r.Name!.Trim(), r.Host!.Trim(), r.Port!.Value, r.Security ?? MailSecurity.Auto, r.User!.Trim(), r.Password,
            string.IsNullOrWhiteSpace(r.Folder) ? "INBOX" : r.Folder.Trim(), r.ProcessedFolder?.Trim() ?? "", r.PollSeconds ?? 60, r.DefaultServiceId,
            r.Enabled ?? true, time.UtcNow());
        await db.SaveChangesAsync(ct);
        return View(mailbox);
    }

    public async Task<Outcome<bool>> Delete(Guid id, CancellationToken ct)
    {
        if (!actor.IsInAnyRole(MailAccess.Admins))
        {
            return MailAccess.Forbidden();
        }

        var mailbox = await db.Set<Mailbox>().FirstOrDefaultAsync(m => m.Id == id, ct);
        if (mailbox is null)
        {
            return Problem.NotFound("mailbox", id);
        }

        db.Remove(mailbox);
        await db.SaveChangesAsync(ct);
        return true;
    }

    private async Task<Check> ValidateAsync(MailboxRequest r, Guid? id, CancellationToken ct)
    {
        var check = new Check()
            .Required("name", r.Name, Mailbox.MaxName)
            .Required("host", r.Host, MailSettings.MaxHost)
            .Required("port", r.Port)
            .Required("user", r.User, MailSettings.MaxUser)
            .MaxLength("password", r.Password, MailSettings.MaxPassword)
            .MaxLength("folder", r.Folder, Mailbox.MaxFolder)
            .MaxLength("processedFolder", r.ProcessedFolder, Mailbox.MaxFolder)
            .That(r.Port is null or (>= 1 and <= 65535), "port", "'port' must be 1 to 65535.")
            .That(r.Security is null || Enum.IsDefined(r.Security.Value), "security", "'security' must be none, startTls, sslOnConnect or auto.")
            .That(r.PollSeconds is null or (>= Mailbox.MinPollSeconds and <= Mailbox.MaxPollSeconds), "pollSeconds",
                $"'pollSeconds' must be {Mailbox.MinPollSeconds} to {Mailbox.MaxPollSeconds}.");
        if (r.DefaultServiceId is { } serviceId && await catalogue.FindAsync(serviceId, ct) is null)
        {
            check.Add("defaultServiceId", $"'{serviceId}' is not a service.");
        }

        if (!string.IsNullOrWhiteSpace(r.Name) && await db.Set<Mailbox>().AnyAsync(m => m.Name == r.Name.Trim() && m.Id != id, ct))
        {
            check.Add("name", $"A mailbox named '{r.Name.Trim()}' exists.");
        }

        return check;
    }

    internal static MailboxView View(Mailbox m) =>
        new(m.Id, m.Name, m.Host, m.Port, m.Security, m.User, m.Password.Length > 0, m.Folder, m.ProcessedFolder, m.PollSeconds, m.DefaultServiceId,
            m.Enabled, m.LastPolledAt, m.LastError, m.Version);
}

internal static class MailboxesEndpoint
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/mail/mailboxes", async (MailboxesHandler h, CancellationToken ct) => (await h.List(ct)).Map(Results.Ok))
            .WithName("ListMailboxes").WithTags("Mail").WithSummary("IMAP mailboxes polled for incoming mail (passwords never returned)")
            .Produces<IReadOnlyList<MailboxView>>();
        api.MapPost("/mail/mailboxes", async (MailboxRequest r, MailboxesHandler h, CancellationToken ct) =>
                (await h.Create(r, ct)).Map(m => Results.Created($"/api/v1/mail/mailboxes/{m.Id}", m)))
            .WithName("CreateMailbox").WithTags("Mail").WithSummary("Add a mailbox to poll")
            .Produces<MailboxView>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapPut("/mail/mailboxes/{id:guid}", async (Guid id, MailboxRequest r, MailboxesHandler h, CancellationToken ct) => (await h.Update(id, r, ct)).Map(Results.Ok))
            .WithName("UpdateMailbox").WithTags("Mail").WithSummary("Change a mailbox (password null keeps the stored one)")
            .Produces<MailboxView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/mail/mailboxes/{id:guid}", async (Guid id, MailboxesHandler h, CancellationToken ct) => (await h.Delete(id, ct)).Map(_ => Results.NoContent()))
            .WithName("DeleteMailbox").WithTags("Mail").WithSummary("Stop polling a mailbox and forget its processed-mail records")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
    }
}
