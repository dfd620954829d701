using System.Diagnostics;
using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Quadrant.Modules.Catalogue.Domain.Offerings;
using Quadrant.Modules.Catalogue.Features.CreateOffering;
using Quadrant.Modules.Catalogue.Features.DeleteOffering;
using Quadrant.Modules.Catalogue.Features.PublishedCatalogue;
using Quadrant.Modules.Catalogue.Features.ServiceOutcomes;
using Quadrant.Modules.Catalogue.Features.ServiceRequirements;
using Quadrant.Modules.Catalogue.Features.Shared;
using Quadrant.Modules.Catalogue.Features.UpdateOffering;
using Quadrant.Modules.Common.Identity;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using PdfSharp.Pdf.IO;
using Quadrant.IntegrationTests.Infrastructure;

namespace Quadrant.IntegrationTests;

/// <summary>Offerings of a service, and the published catalogue with its CSV and PDF exports.</summary>
public abstract class OfferingsApiTests<TFactory>(TFactory factory) : ApiTest<TFactory>(factory)
    where TFactory : QuadrantFactory
{
    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, string? etag, object? body = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        if (etag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", etag);
        }

        return client.SendAsync(request);
    }

    private async Task<Guid> CustomerAsync(string name, string? contactEmail = null)
    {
        var response = await Admin.PostAsJsonAsync("/api/v1/customers", new
        {
            name, kind = "internal",
            contacts = contactEmail is null ? null : new[] { new { name = name + " contact", email = contactEmail } },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await BodyAsync(response)).GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task Offerings_are_created_read_listed_updated_and_deleted_with_if_match()
    {
        var service = (await CreateServiceAsync("Mail", lifecycle: "live")).GetProperty("id").GetGuid();
        var finance = await CustomerAsync("Finance");
        var created = await Admin.PostAsJsonAsync($"/api/v1/services/{service}/offerings", new
        {
            name = "New mailbox", description = "A personal mailbox with 50 GB.", audience = "everyone", charge = "Included", fulfilmentTarget = "1 working day",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("\"1\"", created.Headers.ETag!.Tag);
        var body = await BodyAsync(created);
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/services/{service}/offerings/{id}", created.Headers.Location!.OriginalString);
        Assert.True(body.GetProperty("isOffered").GetBoolean());
        Assert.Equal("Mail", body.GetProperty("serviceName").GetString());

        var read = await Admin.GetAsync($"/api/v1/services/{service}/offerings/{id}");
        Assert.Equal("\"1\"", read.Headers.ETag!.Tag);
        Assert.Equal("1 working day", (await BodyAsync(read)).GetProperty("fulfilmentTarget").GetString());

        var updated = await SendAsync(Admin, HttpMethod.Put, $"/api/v1/services/{service}/offerings/{id}", "\"1\"", new
        {
            name = "New mailbox", description = "A personal mailbox with 100 GB.", audience = "customers", customerIds = new[] { finance }, isOffered = false,
        });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("\"2\"", updated.Headers.ETag!.Tag);
        var after = await BodyAsync(updated);
        Assert.Equal("customers", after.GetProperty("audience").GetString());
        Assert.Equal("Finance", after.GetProperty("customers")[0].GetProperty("name").GetString());
        Assert.Equal("", after.GetProperty("charge").GetString());

        await AssertProblemAsync(await SendAsync(Admin, HttpMethod.Put, $"/api/v1/services/{service}/offerings/{id}", "\"1\"", new { name = "X", audience = "everyone", isOffered = true }), HttpStatusCode.Conflict, "If-Match");
        await AssertProblemAsync(await SendAsync(Admin, HttpMethod.Put, $"/api/v1/services/{service}/offerings/{id}", null, new { name = "X", audience = "everyone", isOffered = true }), HttpStatusCode.PreconditionRequired);

        Assert.Equal(HttpStatusCode.Created, (await Admin.PostAsJsonAsync($"/api/v1/services/{service}/offerings", new { name = "Shared mailbox", audience = "everyone" })).StatusCode);
        var list = await BodyAsync(await Admin.GetAsync($"/api/v1/services/{service}/offerings"));
        Assert.Equal(["New mailbox", "Shared mailbox"], list.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("name").GetString()));
        var offered = await BodyAsync(await Admin.GetAsync($"/api/v1/services/{service}/offerings?offered=true"));
        Assert.Equal(["Shared mailbox"], offered.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("name").GetString()));
        await AssertProblemAsync(await Admin.GetAsync($"/api/v1/services/{service}/offerings?offered=maybe"), HttpStatusCode.BadRequest, "offered");
        var paged = await BodyAsync(await Admin.GetAsync($"/api/v1/services/{service}/offerings?limit=1&sort=-name"));
        Assert.Equal("Shared mailbox", paged.GetProperty("items")[0].GetProperty("name").GetString());
        var next = await BodyAsync(await Admin.GetAsync($"/api/v1/services/{service}/offerings?limit=1&sort=-name&cursor={paged.GetProperty("nextCursor").GetString()}"));
        Assert.Equal("New mailbox", next.GetProperty("items")[0].GetProperty("name").GetString());

        await AssertProblemAsync(await SendAsync(Admin, HttpMethod.Delete, $"/api/v1/services/{service}/offerings/{id}", null), HttpStatusCode.PreconditionRequired);
        await AssertProblemAsync(await SendAsync(Admin, HttpMethod.Delete, $"/api/v1/services/{service}/offerings/{id}", "\"1\""), HttpStatusCode.Conflict, "If-Match");
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(Admin, HttpMethod.Delete, $"/api/v1/services/{service}/offerings/{id}", "\"2\"")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync($"/api/v1/services/{service}/offerings/{id}")).StatusCode);

        // The offering's whole life is in its history: created, changed (with the customer added), deleted.
        var history = await BodyAsync(await Admin.GetAsync($"/api/v1/audit?recordType=ServiceOffering&recordId={id}&limit=50"));
        var entries = history.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["created", "deleted", "updated", "updated", "updated"], entries.Select(e => e.GetProperty("action").GetString()).Order(StringComparer.Ordinal));
        var changes = entries.SelectMany(e => e.GetProperty("changes").EnumerateArray()).ToList();
        Assert.Contains(changes, c => c.GetProperty("field").GetString() == "customers" && c.GetProperty("after").GetString() == "+Finance");
        Assert.Contains(changes, c => c.GetProperty("field").GetString() == "isOffered" && c.GetProperty("after").GetString() == "false");
    }

    [Theory]
    [InlineData("""{"audience":"everyone"}""", "name")]
    [InlineData("""{"name":"  ","audience":"everyone"}""", "name")]
    [InlineData("""{"name":"#LONG#","audience":"everyone"}""", "name")]
    [InlineData("""{"name":"X"}""", "audience")]
    [InlineData("""{"name":"X","audience":"friends"}""", "audience")]
    [InlineData("""{"name":"X","audience":"customers"}""", "customerIds")]
    [InlineData("""{"name":"X","audience":"everyone","customerIds":["6f1e1c1e-0000-4000-8000-000000000000"]}""", "customerIds")]
    [InlineData("""{"name":"X","audience":"customers","customerIds":["6f1e1c1e-0000-4000-8000-000000000000"]}""", "customerIds[0]")]
    [InlineData("""{"name":"X","audience":"everyone","charge":"#LONG#"}""", "charge")]
    [InlineData("""{"name":"X","audience":"everyone","fulfilmentTarget":"#LONG#"}""", "fulfilmentTarget")]
    [InlineData("""{"name":"X","audience":"everyone","isOffered":"yes"}""", "isOffered")]
    [InlineData("""{"name":"X","audience":"everyone","price":"1"}""", "price")]
    public async Task Bad_offerings_are_400_naming_the_field_and_write_nothing(string json, string field)
    {
        var service = (await CreateServiceAsync("Mail")).GetProperty("id").GetGuid();
        var before = await AuditCountAsync();
        await AssertProblemAsync(await Admin.PostAsync($"/api/v1/services/{service}/offerings", RawJson(json.Replace("#LONG#", new string('x', 201), StringComparison.Ordinal))),
            HttpStatusCode.BadRequest, field);
        Assert.Equal(before, await AuditCountAsync());
        Assert.Equal(0, (await BodyAsync(await Admin.GetAsync($"/api/v1/services/{service}/offerings"))).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Names_are_unique_per_service_and_retired_services_and_unknown_ids_are_refused()
    {
        var mail = (await CreateServiceAsync("Mail")).GetProperty("id").GetGuid();
        var web = (await CreateServiceAsync("Web")).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Created, (await Admin.PostAsJsonAsync($"/api/v1/services/{mail}/offerings", new { name = "Extra storage", audience = "everyone" })).StatusCode);
        var duplicate = await AssertProblemAsync(await Admin.PostAsJsonAsync($"/api/v1/services/{mail}/offerings", new { name = "extra STORAGE ", audience = "everyone" }), HttpStatusCode.Conflict, "name");
        Assert.Equal("offering.unique-name", duplicate.GetProperty("rule").GetString());
        // The same name on another service is fine.
        Assert.Equal(HttpStatusCode.Created, (await Admin.PostAsJsonAsync($"/api/v1/services/{web}/offerings", new { name = "Extra storage", audience = "everyone" })).StatusCode);

        var other = await BodyAsync(await Admin.PostAsJsonAsync($"/api/v1/services/{mail}/offerings", new { name = "Mailing list", audience = "everyone" }));
        await AssertProblemAsync(await SendAsync(Admin, HttpMethod.Put, $"/api/v1/services/{mail}/offerings/{other.GetProperty("id").GetGuid()}", "\"1\"",
            new { name = "Extra storage", audience = "everyone", isOffered = true }), HttpStatusCode.Conflict, "name");
        await AssertProblemAsync(await SendAsync(Admin, HttpMethod.Put, $"/api/v1/services/{mail}/offerings/{other.GetProperty("id").GetGuid()}", "\"1\"",
            new { name = "Mailing list", audience = "everyone" }), HttpStatusCode.BadRequest, "isOffered");

        // An offering is addressed through its own service only.
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync($"/api/v1/services/{web}/offerings/{other.GetProperty("id").GetGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.PostAsJsonAsync($"/api/v1/services/{Guid.NewGuid()}/offerings", new { name = "X", audience = "everyone" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync($"/api/v1/services/{Guid.NewGuid()}/offerings")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(Admin, HttpMethod.Post, $"/api/v1/services/{mail}/retire", "\"1\"")).StatusCode);
        var retired = await AssertProblemAsync(await Admin.PostAsJsonAsync($"/api/v1/services/{mail}/offerings", new { name = "Late", audience = "everyone" }), HttpStatusCode.Conflict);
        Assert.Equal("catalogue.retired-is-final", retired.GetProperty("rule").GetString());
        await AssertProblemAsync(await SendAsync(Admin, HttpMethod.Delete, $"/api/v1/services/{mail}/offerings/{other.GetProperty("id").GetGuid()}", "\"1\""), HttpStatusCode.Conflict);

        var (agent, _) = await Factory.UserClientAsync(Admin, "Agent");
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync($"/api/v1/services/{web}/offerings")).StatusCode);
        await AssertProblemAsync(await agent.PostAsJsonAsync($"/api/v1/services/{web}/offerings", new { name = "Mine", audience = "everyone" }), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_published_catalogue_shows_live_services_and_only_the_offerings_a_requester_may_see()
    {
        var mail = await CreateServiceAsync("Mail", "high", "live");
        var mailId = mail.GetProperty("id").GetGuid();
        var payrollId = (await CreateServiceAsync("Payroll, \"monthly\"", "critical", "live")).GetProperty("id").GetGuid();
        await CreateServiceAsync("Video", "low", "pipeline");
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(Admin, HttpMethod.Put, $"/api/v1/services/{mailId}/outcomes", "\"1\"", new { outcomes = new[] { "=SUM(A1)", "Mail everywhere" } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(Admin, HttpMethod.Put, $"/api/v1/services/{mailId}/requirements", "\"2\"", new { summary = "Deliver mail within a minute", body = "Body" })).StatusCode);

        var (requester, _) = await Factory.UserClientAsync(Admin, "Requester", "rita@example.org");
        var finance = await CustomerAsync("Finance", "rita@example.org");
        var sales = await CustomerAsync("Sales", "sam@example.org");
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(Admin, HttpMethod.Put, $"/api/v1/customers/{finance}", "\"1\"",
            new { name = "Finance", kind = "internal", contacts = new[] { new { name = "Rita", email = "RITA@example.org" } }, serviceIds = new[] { mailId, payrollId } })).StatusCode);
        await Admin.PostAsJsonAsync($"/api/v1/services/{mailId}/offerings", new { name = "New mailbox", audience = "everyone", charge = "Included", fulfilmentTarget = "1 day" });
        await Admin.PostAsJsonAsync($"/api/v1/services/{mailId}/offerings", new { name = "Finance archive", audience = "customers", customerIds = new[] { finance } });
        await Admin.PostAsJsonAsync($"/api/v1/services/{mailId}/offerings", new { name = "Sales archive", audience = "customers", customerIds = new[] { sales } });
        await Admin.PostAsJsonAsync($"/api/v1/services/{mailId}/offerings", new { name = "Withdrawn", audience = "everyone", isOffered = false });

        var staffView = await BodyAsync(await Admin.GetAsync("/api/v1/catalogue/published"));
        Assert.Equal(["Mail", "Payroll, \"monthly\""], staffView.GetProperty("services").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        var staffMail = staffView.GetProperty("services")[0];
        Assert.Equal(["Finance archive", "New mailbox", "Sales archive"], staffMail.GetProperty("offerings").EnumerateArray().Select(o => o.GetProperty("name").GetString()));
        Assert.Equal("Deliver mail within a minute", staffMail.GetProperty("requirementsSummary").GetString());
        Assert.Equal(["Finance"], staffMail.GetProperty("customers").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(JsonValueKind.Null, staffMail.GetProperty("ownerName").ValueKind);
        Assert.Equal(["=SUM(A1)", "Mail everywhere"], staffMail.GetProperty("outcomes").EnumerateArray().Select(o => o.GetString()));

        var requesterView = await BodyAsync(await requester.GetAsync("/api/v1/catalogue/published"));
        Assert.Equal(["Finance archive", "New mailbox"],
            requesterView.GetProperty("services")[0].GetProperty("offerings").EnumerateArray().Select(o => o.GetProperty("name").GetString()));

        var csv = await requester.GetAsync("/api/v1/catalogue/published.csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("service-catalogue-", csv.Content.Headers.ContentDisposition!.FileNameStar ?? csv.Content.Headers.ContentDisposition.FileName, StringComparison.Ordinal);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n");
        Assert.StartsWith("Service,Criticality,Owner,Live since,Description,Requirements summary,Intended outcomes,Customers,Offering,", lines[0], StringComparison.Ordinal);
        Assert.Equal(5, lines.Length); // header, the two Mail offerings this requester sees, Payroll without offerings, and after the last CRLF nothing
        Assert.StartsWith("Mail,high,,", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",Mail description,Deliver mail within a minute,'=SUM(A1); Mail everywhere,Finance,Finance archive,,customers: Finance,,", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",New mailbox,,everyone,Included,1 day", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("\"Payroll, \"\"monthly\"\"\",critical,", lines[3], StringComparison.Ordinal);
        Assert.EndsWith(",Finance,,,,,", lines[3], StringComparison.Ordinal);
        Assert.Equal("", lines[4]);
        Assert.DoesNotContain("Sales archive", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);

        var pdf = await Admin.GetAsync("/api/v1/catalogue/published.pdf");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        var document = await pdf.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF-", Encoding.ASCII.GetString(document, 0, 5));
        using (var read = PdfReader.Open(new MemoryStream(document), PdfDocumentOpenMode.Import))
        {
            Assert.True(read.PageCount >= 1);
        }

        using (var modify = PdfReader.Open(new MemoryStream(document), PdfDocumentOpenMode.Modify))
        {
            Assert.Equal(["Mail", "Payroll, \"monthly\""], modify.Outlines.Select(o => o.Title));
        }

        var text = PdfText(document);
        Assert.Contains("Service catalogue", text, StringComparison.Ordinal);
        Assert.Contains("Payroll, \"monthly\"", text, StringComparison.Ordinal);
        Assert.Contains("Deliver mail within a minute", text, StringComparison.Ordinal);
        Assert.Contains("Sales archive", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Video", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Withdrawn", text, StringComparison.Ordinal);

        // Without a token there is nothing to read.
        using var anonymous = Factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/catalogue/published.csv")).StatusCode);
    }

    /// <summary>The text of a PDF, through poppler's pdftotext (Debian package poppler-utils, installed by .ci/run).</summary>
    internal static string PdfText(byte[] pdf)
    {
        var file = Path.Combine(Path.GetTempPath(), $"quadrant-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(file, pdf);
        try
        {
            var start = new ProcessStartInfo("pdftotext", ["-layout", "-enc", "UTF-8", file, "-"]) { RedirectStandardOutput = true, RedirectStandardError = true };
            Process process;
            try
            {
                process = Process.Start(start)!;
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new InvalidOperationException("pdftotext is needed to read the PDF's text: apt-get install poppler-utils (bash .ci/run installs it).", e);
            }

            using (process)
            {
                var text = process.StandardOutput.ReadToEnd();
                process.WaitForExit();
                Assert.True(process.ExitCode == 0, process.StandardError.ReadToEnd());
                return text;
            }
        }
        finally
        {
            File.Delete(file);
        }
    }
}

/// <summary>The new write handlers check the actor's roles themselves, whatever page or endpoint calls them.</summary>
public sealed class CatalogueHandlerAuthorizationTests(SqliteFactory factory) : ApiTest<SqliteFactory>(factory)
{
    [Fact]
    public async Task Catalogue_write_handlers_refuse_a_requester_and_the_published_catalogue_needs_a_user()
    {
        var service = (await CreateServiceAsync("Mail", lifecycle: "live")).GetProperty("id").GetGuid();
        var offering = (await BodyAsync(await Admin.PostAsJsonAsync($"/api/v1/services/{service}/offerings", new { name = "Mailbox", audience = "everyone" }))).GetProperty("id").GetGuid();
        var before = await AuditCountAsync();

        await using var scope = Factory.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var published = await sp.GetRequiredService<PublishedCatalogueHandler>().Handle(CancellationToken.None);
        Assert.Equal(401, published.Problem!.Status);

        sp.GetRequiredService<ActorContext>().Set(new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, Guid.NewGuid().ToString()), new Claim(ClaimTypes.Role, Roles.Requester)], "test")));
        Assert.Equal(403, (await sp.GetRequiredService<ServiceOutcomesHandler>().Set(service, 1, new SetOutcomesRequest(["x"]), CancellationToken.None)).Problem!.Status);
        Assert.Equal(403, (await sp.GetRequiredService<ServiceRequirementsHandler>().Save(service, 1, new SaveRequirementsRequest("S", "B", null), CancellationToken.None)).Problem!.Status);
        var request = new OfferingRequest("Other", null, OfferingAudience.Everyone, null, true, null, null);
        Assert.Equal(403, (await sp.GetRequiredService<CreateOfferingHandler>().Handle(service, request, CancellationToken.None)).Problem!.Status);
        Assert.Equal(403, (await sp.GetRequiredService<UpdateOfferingHandler>().Handle(service, offering, 1, request, CancellationToken.None)).Problem!.Status);
        Assert.Equal(403, (await sp.GetRequiredService<DeleteOfferingHandler>().Handle(service, offering, 1, CancellationToken.None)).Problem!.Status);
        Assert.True((await sp.GetRequiredService<PublishedCatalogueHandler>().Handle(CancellationToken.None)).Succeeded);
        Assert.Equal(before, await AuditCountAsync());
    }
}

public sealed class SqliteOfferingsApiTests(SqliteFactory factory) : OfferingsApiTests<SqliteFactory>(factory);

public sealed class PostgresOfferingsApiTests(PostgresFactory factory) : OfferingsApiTests<PostgresFactory>(factory);
