using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;
using Quadrant.Modules.Common.Validation;
using Quadrant.Modules.Mail.Domain;
using Quadrant.Modules.Mail.Features.MailSettingsFeature;
using Quadrant.Modules.Mail.Sending;

namespace Quadrant.Modules.Mail.Features.MailTemplates;

public sealed record MailTemplateView(string Key, string Description, string Subject, string TextBody, string HtmlBody,
    IReadOnlyList<string> Placeholders, bool IsDefault, int Version);

public sealed record MailTemplateRequest(string? Subject, string? TextBody, string? HtmlBody);

/// <summary>
/// The editable templates. A template without a saved row uses its default text (the defaults ship
/// with Quadrant; DELETE returns to them). Unknown placeholders are 400 naming the field.
/// </summary>
internal sealed class MailTemplatesHandler(QuadrantDbContext db, MailSettingsStore store, ActorContext actor, TimeProvider time)
{
    public async Task<Outcome<IReadOnlyList<MailTemplateView>>> List(CancellationToken ct)
    {
        if (!actor.IsInAnyRole(MailAccess.Admins))
        {
            return MailAccess.Forbidden();
        }

        var rows = await db.Set<MailTemplate>().AsNoTracking().ToDictionaryAsync(t => t.Key, ct);
        return Contracts.MailTemplateKeys.All.Select(k => View(k, rows.GetValueOrDefault(k))).ToList();
    }

    public async Task<Outcome<MailTemplateView>> Update(string key, MailTemplateRequest r, CancellationToken ct)
    {
        if (!actor.IsInAnyRole(MailAccess.Admins))
        {
            return MailAccess.Forbidden();
        }

        if (!MailTemplateCatalog.Placeholders.ContainsKey(key))
        {
            return Problem.NotFound("mail template", key);
        }

        if (Validate(key, r) is { } problem)
        {
            return problem;
        }

        var now = time.UtcNow();
        var row = await db.Set<MailTemplate>().FirstOrDefaultAsync(t => t.Key == key, ct);
        if (row is null)
        {
            row = MailTemplate.Create(key, r.Subject!.Trim(), r.TextBody!, r.HtmlBody ?? "", now);
            db.Add(row);
        }
        else
        {
            row.Update(r.Subject!.Trim(), r.TextBody!, r.HtmlBody ?? "", now);
        }

        await db.SaveChangesAsync(ct);
        return View(key, row);
    }

    public async Task<Outcome<MailTemplateView>> Reset(string key, CancellationToken ct)
    {
        if (!actor.IsInAnyRole(MailAccess.Admins))
        {
            return MailAccess.Forbidden();
        }

        if (!MailTemplateCatalog.Placeholders.ContainsKey(key))
        {
            return Problem.NotFound("mail template", key);
        }

        var row = await db.Set<MailTemplate>().FirstOrDefaultAsync(t => t.Key == key, ct);
        if (row is not null)
        {
            db.Remove(row);
            await db.SaveChangesAsync(ct);
        }

        return View(key, null);
    }

    /// <summary>The template filled with sample values (HTML-escaped in the HTML body), without saving.</summary>
    public Outcome<TemplateText> Preview(string key, MailTemplateRequest r)
    {
        if (!actor.IsInAnyRole(MailAccess.Admins))
        {
            return MailAccess.Forbidden();
        }

        if (!MailTemplateCatalog.Placeholders.ContainsKey(key))
        {
            return Problem.NotFound("mail template", key);
        }

        if (Validate(key, r) is { } problem)
        {
            return problem;
        }

        return MailTemplateCatalog.Render(new TemplateText(r.Subject!, r.TextBody!, r.HtmlBody ?? ""), MailTemplateCatalog.Sample(store.PublicUrl));
    }

    private static Problem? Validate(string key, MailTemplateRequest r)
    {
        var check = new Check()
            .Required("subject", r.Subject, MailTemplate.MaxSubject)
            .Required("textBody", r.TextBody, MailTemplate.MaxBody)
            .MaxLength("htmlBody", r.HtmlBody, MailTemplate.MaxBody);
        foreach (var (field, message) in MailTemplateCatalog.Unknown(key, new TemplateText(r.Subject ?? "", r.TextBody ?? "", r.HtmlBody ?? "")))
        {
            check.Add(field, message);
        }

        return check.Result();
    }

    private static MailTemplateView View(string key, MailTemplate? row)
    {
        var text = row is null ? MailTemplateCatalog.Defaults[key] : new TemplateText(row.Subject, row.TextBody, row.HtmlBody);
        return new MailTemplateView(key, MailTemplateCatalog.Describe(key), text.Subject, text.TextBody, text.HtmlBody,
            MailTemplateCatalog.Placeholders[key], row is null, row?.Version ?? 0);
    }
}

internal static class MailTemplatesEndpoint
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/mail/templates", async (MailTemplatesHandler h, CancellationToken ct) => (await h.List(ct)).Map(Results.Ok))
            .WithName("ListMailTemplates").WithTags("Mail").WithSummary("Every mail template with its text (the default until edited) and placeholders")
            .Produces<IReadOnlyList<MailTemplateView>>();
        api.MapPut("/mail/templates/{key}", async (string key, MailTemplateRequest r, MailTemplatesHandler h, CancellationToken ct) => (await h.Update(key, r, ct)).Map(Results.Ok))
            .WithName("UpdateMailTemplate").WithTags("Mail").WithSummary("Edit a template; an unknown {{placeholder}} is 400 naming the field")
            .Produces<MailTemplateView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/mail/templates/{key}", async (string key, MailTemplatesHandler h, CancellationToken ct) => (await h.Reset(key, ct)).Map(Results.Ok))
            .WithName("ResetMailTemplate").WithTags("Mail").WithSummary("Return a template to its default text")
            .Produces<MailTemplateView>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/mail/templates/{key}/preview", (string key, MailTemplateRequest r, MailTemplatesHandler h) => h.Preview(key, r).Map(Results.Ok))
            .WithName("PreviewMailTemplate").WithTags("Mail").WithSummary("Render a template text with sample values, without saving")
            .Produces<TemplateText>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
    }
}
