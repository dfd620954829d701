using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Quadrant.IntegrationTests.Infrastructure;

namespace Quadrant.IntegrationTests;

public abstract class AttachmentApiTests<TFactory>(TFactory factory) : ApiTest<TFactory>(factory)
    where TFactory : QuadrantFactory
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];

    private static MultipartFormDataContent Form(byte[] content, string fileName, bool? isPublic = null)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        if (isPublic is { } p)
        {
            form.Add(new StringContent(p ? "true" : "false"), "isPublic");
        }

        return form;
    }

    private async Task<(Guid Incident, HttpClient Requester)> IncidentAsync()
    {
        var service = (await CreateServiceAsync("Laptops")).GetProperty("id").GetGuid();
        var (requester, _) = await Factory.UserClientAsync(Admin, "Requester");
        var created = await requester.PostAsJsonAsync("/api/v1/incidents", new { title = "Screen flickers", serviceId = service });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return ((await BodyAsync(created)).GetProperty("id").GetGuid(), requester);
    }

    [Fact]
    public async Task A_file_is_uploaded_listed_and_downloaded_safely()
    {
        var (id, requester) = await IncidentAsync();
        var response = await requester.PostAsync($"/api/v1/incidents/{id}/attachments", Form(Png, "..\\..\\evil<name>.png"));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var view = await BodyAsync(response);
        Assert.Equal("evil_name_.png", view.GetProperty("fileName").GetString());
        Assert.Equal("image/png", view.GetProperty("contentType").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Png)), view.GetProperty("sha256").GetString());
        Assert.True(view.GetProperty("isPublic").GetBoolean());
        var aid = view.GetProperty("id").GetGuid();

        var download = await requester.GetAsync($"/api/v1/incidents/{id}/attachments/{aid}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(Png, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("evil_name_.png", download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("image/png", download.Content.Headers.ContentType?.MediaType);

        // An internal file from the desk: staff see it, the requester does not.
        var note = await Admin.PostAsync($"/api/v1/incidents/{id}/attachments", Form("internal notes"u8.ToArray(), "notes.txt"));
        Assert.Equal(HttpStatusCode.Created, note.StatusCode);
        var internalId = (await BodyAsync(note)).GetProperty("id").GetGuid();
        Assert.Equal(2, (await BodyAsync(await Admin.GetAsync($"/api/v1/incidents/{id}/attachments"))).GetArrayLength());
        Assert.Equal(1, (await BodyAsync(await requester.GetAsync($"/api/v1/incidents/{id}/attachments"))).GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await requester.GetAsync($"/api/v1/incidents/{id}/attachments/{internalId}")).StatusCode);
        await AssertProblemAsync(await requester.PostAsync($"/api/v1/incidents/{id}/attachments", Form(Png, "a.png", isPublic: false)), HttpStatusCode.BadRequest, "isPublic");
    }

    [Fact]
    public async Task Too_large_wrong_type_and_other_peoples_incidents_are_refused()
    {
        var (id, requester) = await IncidentAsync();
        var big = new byte[(10 * 1024 * 1024) + 1];
        Png.CopyTo(big, 0);
        await AssertProblemAsync(await requester.PostAsync($"/api/v1/incidents/{id}/attachments", Form(big, "big.png")), HttpStatusCode.RequestEntityTooLarge, "file");
        await AssertProblemAsync(await requester.PostAsync($"/api/v1/incidents/{id}/attachments", Form("MZ..."u8.ToArray(), "setup.exe")), HttpStatusCode.UnsupportedMediaType, "file");
        await AssertProblemAsync(await requester.PostAsync($"/api/v1/incidents/{id}/attachments", Form("just text"u8.ToArray(), "photo.png")), HttpStatusCode.UnsupportedMediaType, "file");
        await AssertProblemAsync(await requester.PostAsync($"/api/v1/incidents/{id}/attachments", Form("MZ\x90\0"u8.ToArray(), "readme.txt")), HttpStatusCode.UnsupportedMediaType, "file");
        await AssertProblemAsync(await requester.PostAsync($"/api/v1/incidents/{id}/attachments", new MultipartFormDataContent { { new StringContent("x"), "other" } }),
            HttpStatusCode.BadRequest, "file");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await requester.PostAsync($"/api/v1/incidents/{id}/attachments", JsonContent.Create(new { }))).StatusCode);

        var upload = await requester.PostAsync($"/api/v1/incidents/{id}/attachments", Form(Png, "mine.png"));
        var aid = (await BodyAsync(upload)).GetProperty("id").GetGuid();
        var (other, _) = await Factory.UserClientAsync(Admin, "Requester");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/incidents/{id}/attachments")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/incidents/{id}/attachments/{aid}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/api/v1/incidents/{id}/attachments", Form(Png, "x.png"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync($"/api/v1/incidents/{Guid.NewGuid()}/attachments/{aid}")).StatusCode);
        Assert.Equal(1, await CountAsync<Quadrant.Modules.ServiceDesk.Domain.IncidentAttachment>());
    }
}

public sealed class SqliteAttachmentApiTests(SqliteFactory factory) : AttachmentApiTests<SqliteFactory>(factory);

public sealed class PostgresAttachmentApiTests(PostgresFactory factory) : AttachmentApiTests<PostgresFactory>(factory);
