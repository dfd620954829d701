using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Access.Contracts;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;
using Quadrant.Modules.Common.Validation;
using Quadrant.Modules.ServiceDesk.Domain;
using Quadrant.Modules.ServiceDesk.Features.Shared;

namespace Quadrant.Modules.ServiceDesk.Features.IncidentAttachments;

public sealed record AttachmentView(Guid Id, string FileName, string ContentType, long Size, string Sha256, bool IsPublic,
    Guid? UploadedById, string UploadedByName, string Origin, DateTime CreatedAt);

public sealed record AttachmentFile(string FileName, string ContentType, byte[] Content);

/// <summary>
/// Files on incidents. Staff see and add public and internal files (internal by default, like work
/// notes); the requester of the incident sees and adds public ones only; anyone else gets 404 for the
/// incident. Too large: 413; a type outside the allow-list or content that does not match its
/// extension: 415.
/// </summary>
internal sealed class IncidentAttachmentsHandler(QuadrantDbContext db, IUserDirectory users, ActorContext actor, AttachmentOptions options, TimeProvider time)
{
    public long MaxBytes => options.MaxBytes;

    public async Task<Outcome<IReadOnlyList<AttachmentView>>> List(Guid incidentId, CancellationToken ct)
    {
        var (incident, staff) = await AccessAsync(incidentId, ct);
        if (incident is null)
        {
            return Problem.NotFound("incident", incidentId);
        }

        var files = db.Set<IncidentAttachment>().AsNoTracking().Where(a => a.IncidentId == incidentId);
        if (!staff)
        {
            files = files.Where(a => a.IsPublic);
        }

        return (await files.OrderBy(a => a.CreatedAt).ThenBy(a => a.Id).ToListAsync(ct)).Select(View).ToList();
    }

    public async Task<Outcome<AttachmentView>> Upload(Guid incidentId, string? fileName, byte[]? content, bool? isPublic, CancellationToken ct)
    {
        var (incident, staff) = await AccessAsync(incidentId, ct);
        if (incident is null)
        {
            return Problem.NotFound("incident", incidentId);
        }

        var check = new Check().That(content is not null && !string.IsNullOrWhiteSpace(fileName), "file", "Send one file in the multipart field 'file'.")
            .That(content is null || content.Length > 0, "file", "The file is empty.")
            .That(staff || isPublic != false, "isPublic", "Internal files are for the service desk; your file is public.");
        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var name = AttachmentRules.SanitizeFileName(fileName);
        if (AttachmentRules.Refusal(name, content!, options.MaxBytes, out var contentType) is { } refusal)
        {
            return new Problem(refusal.Status, refusal.Status == 413 ? "The file is too large." : "This type of file cannot be attached.", refusal.Message,
                new Dictionary<string, string[]> { ["file"] = [refusal.Message] });
        }

        if (incident.Status is IncidentStatus.Closed or IncidentStatus.Cancelled)
        {
            return Problem.Conflict($"{incident.Reference} is {Incident.Describe(incident.Status)}; raise a new incident instead.", null, "incident.final");
        }

        var me = await users.FindAsync(actor.UserId!.Value, ct);
        var (attachment, bytes) = IncidentAttachment.Create(incidentId, name, contentType, content!, !staff || isPublic == true, actor.UserId,
            me?.DisplayName ?? actor.Name, "upload", time.UtcNow());
        db.Add(attachment);
        db.Add(bytes);
        await db.SaveChangesAsync(ct);
        return View(attachment);
    }

    public async Task<Outcome<AttachmentFile>> Download(Guid incidentId, Guid attachmentId, CancellationToken ct)
    {
        var (incident, staff) = await AccessAsync(incidentId, ct);
        if (incident is null)
        {
            return Problem.NotFound("incident", incidentId);
        }

        var attachment = await db.Set<IncidentAttachment>().AsNoTracking()
            .FirstOrDefaultAsync(a => a.Id == attachmentId && a.IncidentId == incidentId && (staff || a.IsPublic), ct);
        if (attachment is null)
        {
            return Problem.NotFound("attachment", attachmentId);
        }

        var content = await db.Set<IncidentAttachmentContent>().AsNoTracking().Where(c => c.Id == attachmentId).Select(c => c.Content).FirstAsync(ct);
        return new AttachmentFile(attachment.FileName, attachment.ContentType, content);
    }

    internal static AttachmentView View(IncidentAttachment a) =>
        new(a.Id, a.FileName, a.ContentType, a.Size, a.Sha256, a.IsPublic, a.UploadedById, a.UploadedByName, a.Origin, a.CreatedAt);

    private async Task<(Incident? Incident, bool Staff)> AccessAsync(Guid incidentId, CancellationToken ct)
    {
        var staff = IncidentViews.IsStaff(actor);
        var incident = await db.Set<Incident>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == incidentId, ct);
        return incident is not null && (staff || incident.RequesterId == actor.UserId) ? (incident, staff) : (null, staff);
    }
}

internal static class IncidentAttachmentsEndpoint
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/incidents/{id:guid}/attachments", async (Guid id, IncidentAttachmentsHandler handler, CancellationToken ct) => (await handler.List(id, ct)).Map(Results.Ok))
            .WithName("ListIncidentAttachments").WithTags("Incidents")
            .WithSummary("Files on an incident, oldest first (requesters: public files on their own incidents)")
            .Produces<IReadOnlyList<AttachmentView>>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/incidents/{id:guid}/attachments", UploadAsync)
            .DisableAntiforgery()
            .WithName("UploadIncidentAttachment").WithTags("Incidents")
            .WithSummary("Attach a file (multipart/form-data: 'file', optional 'isPublic'); size limit and type allow-list apply")
            .Accepts<IFormFile>("multipart/form-data")
            .Produces<AttachmentView>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        api.MapGet("/incidents/{id:guid}/attachments/{aid:guid}", async (Guid id, Guid aid, IncidentAttachmentsHandler handler, HttpContext http, CancellationToken ct) =>
                (await handler.Download(id, aid, ct)).Map(file =>
                {
                    http.Response.Headers.XContentTypeOptions = "nosniff";
                    http.Response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'";
                    return Results.File(file.Content, file.ContentType, file.FileName);
                }))
            .WithName("DownloadIncidentAttachment").WithTags("Incidents")
            .WithSummary("Download a file (Content-Disposition: attachment, X-Content-Type-Options: nosniff)")
            .Produces(StatusCodes.Status200OK).ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> UploadAsync(Guid id, HttpRequest request, IncidentAttachmentsHandler handler, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            return Problem.Invalid("file", "Send the file as multipart/form-data in the field 'file'.").ToResult();
        }

        // Room for the largest allowed file and the multipart framing; bigger bodies are cut off by the server.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = handler.MaxBytes + (1024 * 1024);
        }

        var form = await request.ReadFormAsync(ct);
        var file = form.Files.GetFile("file");
        bool? isPublic = null;
        if (form.TryGetValue("isPublic", out var flag) && flag.Count > 0)
        {
            if (!bool.TryParse(flag[0], out var parsed))
            {
                return Problem.Invalid("isPublic", "'isPublic' must be true or false.").ToResult();
            }

            isPublic = parsed;
        }

        if (file is not null && file.Length > handler.MaxBytes)
        {
            var message = $"The file is {file.Length} bytes; the limit is {handler.MaxBytes} bytes ({handler.MaxBytes / (1024 * 1024)} MB).";
            return new Problem(StatusCodes.Status413PayloadTooLarge, "The file is too large.", message,
                new Dictionary<string, string[]> { ["file"] = [message] }).ToResult();
        }

        byte[]? content = null;
        if (file is not null)
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            content = buffer.ToArray();
        }

        return (await handler.Upload(id, file?.FileName, content, isPublic, ct))
            .Map(a => Results.Created($"/api/v1/incidents/{id}/attachments/{a.Id}", a));
    }
}
