using MimeKit;
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
using Quadrant.Modules.Mail.Sending;

namespace Quadrant.Modules.Mail.Features.MailSettingsFeature;

/// <summary>The settings as the API shows them: the SMTP password is never returned, only whether one is set.</summary>
public sealed record MailSettingsView(bool Enabled, string SmtpHost, int SmtpPort, MailSecurity SmtpSecurity, string SmtpUser, bool PasswordSet,
    string FromAddress, string FromName, UnknownSenderPolicy UnknownSenders, Guid? DefaultServiceId, bool Saved, int Version);

/// <summary>New settings. <c>smtpPassword</c>: null keeps the stored password, "" clears it.</summary>
public sealed record MailSettingsRequest(bool? Enabled, string? SmtpHost, int? SmtpPort, MailSecurity? SmtpSecurity, string? SmtpUser, string? SmtpPassword,
    string? FromAddress, string? FromName, UnknownSenderPolicy? UnknownSenders, Guid? DefaultServiceId);

public sealed record TestMailRequest(string? To);

public sealed record TestMailResult(string To, string MessageId);

internal static class MailAccess
{
    public static readonly string[] Admins = [Roles.Admin, Roles.SmsManager];

    public static Problem Forbidden() => Problem.Forbidden("Mail settings need the Admin or SmsManager role.");

    public static bool IsEmail(string? value) =>
        !string.IsNullOrWhiteSpace(value) && EmailAddresses.IsAddress(value.Trim());
}

internal sealed class MailSettingsHandler(QuadrantDbContext db, MailSettingsStore store, IServiceCatalogue catalogue, ActorContext actor, TimeProvider time)
{
    public async Task<Outcome<MailSettingsView>> Get(CancellationToken ct)
    {
        if (!actor.IsInAnyRole(MailAccess.Admins))
        {
            return MailAccess.Forbidden();
        }

        var saved = await db.Set<MailSettings>().AnyAsync(ct);
        return View(await store.LoadAsync(ct), saved);
    }

    public async Task<Outcome<MailSettingsView>> Update(MailSettingsRequest r, CancellationToken ct)
    {
        if (!actor.IsInAnyRole(MailAccess.Admins))
        {
            return MailAccess.Forbidden();
        }

        var check = new Check()
            .Required("enabled", r.Enabled)
            .MaxLength("smtpHost", r.SmtpHost, MailSettings.MaxHost)
            .MaxLength("smtpUser", r.SmtpUser, MailSettings.MaxUser)
            .MaxLength("smtpPassword", r.SmtpPassword, MailSettings.MaxPassword)
            .MaxLength("fromName", r.FromName, MailSettings.MaxName)
            .That(r.SmtpPort is null or (>= 1 and <= 65535), "smtpPort", "'smtpPort' must be 1 to 65535.")
            .That(r.SmtpSecurity is null || Enum.IsDefined(r.SmtpSecurity.Value), "smtpSecurity", "'smtpSecurity' must be none, startTls, sslOnConnect or auto.")
            .That(r.UnknownSenders is null || Enum.IsDefined(r.UnknownSenders.Value), "unknownSenders", "'unknownSenders' must be createRequester or reject.")
            .That(string.IsNullOrWhiteSpace(r.FromAddress) || MailAccess.IsEmail(r.FromAddress), "fromAddress", "'fromAddress' is not a valid e-mail address.");
        if (r.Enabled == true)
        {
            check.That(!string.IsNullOrWhiteSpace(r.SmtpHost), "smtpHost", "'smtpHost' is required when mail is enabled.")
                .That(!string.IsNullOrWhiteSpace(r.FromAddress), "fromAddress", "'fromAddress' is required when mail is enabled.");
        }

        if (r.DefaultServiceId is { } serviceId && await catalogue.FindAsync(serviceId, ct) is null)
        {
            check.Add("defaultServiceId", $"'{serviceId}' is not a service.");
        }

        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var now = time.UtcNow();
        var row = await db.Set<MailSettings>().FirstOrDefaultAsync(ct);
        if (row is null)
        {
            row = MailSettings.From(store.Options, now);
            db.Add(row);
        }

        row.Update(r.Enabled!.Value, r.SmtpHost?.Trim() ?? "", r.SmtpPort ?? 587, r.SmtpSecurity ?? MailSecurity.Auto, r.SmtpUser?.Trim() ?? "", r.SmtpPassword,
            r.FromAddress?.Trim() ?? "", r.FromName?.Trim() ?? "", r.UnknownSenders ?? UnknownSenderPolicy.CreateRequester, r.DefaultServiceId, now);
        await db.SaveChangesAsync(ct);
        return View(row, true);
    }

    /// <summary>Sends one message now with the settings in force (not through the outbox), so a wrong setting shows at once.</summary>
    public async Task<Outcome<TestMailResult>> SendTest(TestMailRequest r, CancellationToken ct)
    {
        if (!actor.IsInAnyRole(MailAccess.Admins))
        {
            return MailAccess.Forbidden();
        }

        if (!MailAccess.IsEmail(r.To))
        {
            return Problem.Invalid("to", "'to' must be an e-mail address.");
        }

        var settings = await store.LoadAsync(ct);
        if (string.IsNullOrWhiteSpace(settings.SmtpHost) || string.IsNullOrWhiteSpace(settings.FromAddress))
        {
            return Problem.Conflict("Set the SMTP host and the from-address first.", "smtpHost", "mail.not-configured");
        }

        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(settings.FromName, settings.FromAddress));
        message.To.Add(MailboxAddress.Parse(r.To!.Trim()));
        message.Subject = "Quadrant test mail";
        message.MessageId = $"{Guid.CreateVersion7(time.UtcNow()):N}@{MailSettingsStore.Domain(settings.FromAddress)}";
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Body = new TextPart("plain") { Text = $"This is a test mail from Quadrant ({store.PublicUrl}), sent by {actor.Name}. Mail delivery works." };
        try
        {
            using var client = await SmtpMailer.ConnectAsync(settings, ct);
            await client.SendAsync(message, ct);
            await client.DisconnectAsync(true, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new Problem(StatusCodes.Status502BadGateway, "The mail server did not accept the test mail.", e.Message, Rule: "mail.smtp");
        }

        return new TestMailResult(r.To.Trim(), message.MessageId);
    }

    private static MailSettingsView View(MailSettings s, bool saved) =>
        new(s.Enabled, s.SmtpHost, s.SmtpPort, s.SmtpSecurity, s.SmtpUser, s.SmtpPassword.Length > 0, s.FromAddress, s.FromName, s.UnknownSenders,
            s.DefaultServiceId, saved, s.Version);
}

internal static class MailSettingsEndpoint
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/mail/settings", async (MailSettingsHandler h, CancellationToken ct) => (await h.Get(ct)).Map(Results.Ok))
            .WithName("GetMailSettings").WithTags("Mail").WithSummary("Mail settings in force (the SMTP password is never returned)")
            .Produces<MailSettingsView>().ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPut("/mail/settings", async (MailSettingsRequest r, MailSettingsHandler h, CancellationToken ct) => (await h.Update(r, ct)).Map(Results.Ok))
            .WithName("UpdateMailSettings").WithTags("Mail").WithSummary("Change the mail settings (smtpPassword null keeps the stored one)")
            .Produces<MailSettingsView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPost("/mail/test", async (TestMailRequest r, MailSettingsHandler h, CancellationToken ct) => (await h.SendTest(r, ct)).Map(Results.Ok))
            .WithName("SendTestMail").WithTags("Mail").WithSummary("Send a test mail now with the settings in force (502 with the server's answer if it fails)")
            .Produces<TestMailResult>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status502BadGateway);
    }
}
