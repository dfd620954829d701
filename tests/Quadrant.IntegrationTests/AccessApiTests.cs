using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Quadrant.IntegrationTests.Infrastructure;
using Quadrant.Modules.Access;
using Quadrant.Modules.Access.Features.CreateFirstAdmin;
using Quadrant.Modules.Access.Features.AcceptInvite;
using Quadrant.Modules.Common.Identity;

namespace Quadrant.IntegrationTests;

public abstract class AccessApiTests<TFactory>(TFactory factory) : ApiTest<TFactory>(factory)
    where TFactory : QuadrantFactory
{
    [Fact]
    public async Task No_token_or_a_bad_token_is_401_with_problem_details()
    {
        var anonymous = Factory.CreateClient();
        var none = await anonymous.GetAsync("/api/v1/services");
        await AssertProblemAsync(none, HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", none.Headers.WwwAuthenticate.Single().Scheme);

        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "qdt_not-a-real-token");
        await AssertProblemAsync(await anonymous.GetAsync("/api/v1/services"), HttpStatusCode.Unauthorized);

        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", "YWRtaW46YWRtaW4=");
        await AssertProblemAsync(await anonymous.GetAsync("/api/v1/services"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Wrong_credentials_are_401_and_lock_the_account_after_five_tries()
    {
        var client = Factory.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            var wrong = await client.PostAsJsonAsync("/api/v1/auth/tokens", new { email = QuadrantFactory.AdminEmail, password = "wrong-password", name = "x" });
            await AssertProblemAsync(wrong, HttpStatusCode.Unauthorized);
        }

        var locked = await client.PostAsJsonAsync("/api/v1/auth/tokens",
            new { email = QuadrantFactory.AdminEmail, password = QuadrantFactory.AdminPassword, name = "x" });
        var problem = await AssertProblemAsync(locked, HttpStatusCode.Unauthorized);
        Assert.Contains("locked", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);

        var unknown = await client.PostAsJsonAsync("/api/v1/auth/tokens", new { email = "nobody@example.com", password = "whatever-123", name = "x" });
        await AssertProblemAsync(unknown, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("{\"password\":\"x\",\"name\":\"n\"}", "email")]
    [InlineData("{\"email\":\"a@b.co\",\"name\":\"n\"}", "password")]
    [InlineData("{\"email\":\"a@b.co\",\"password\":\"x\"}", "name")]
    [InlineData("{\"email\":\"a@b.co\",\"password\":\"x\",\"name\":\"n\",\"expiresAt\":\"2001-01-01T00:00:00Z\"}", "expiresAt")]
    [InlineData("{\"email\":\"a@b.co\",\"password\":\"x\",\"name\":\"n\",\"expiresAt\":\"2199-01-01T00:00:00Z\"}", "expiresAt")]
    [InlineData("{\"email\":\"a@b.co\",\"password\":\"x\",\"name\":\"n\",\"expiresAt\":\"soon\"}", "expiresAt")]
    public async Task Token_requests_are_validated(string json, string field)
    {
        await AssertProblemAsync(await Factory.CreateClient().PostAsync("/api/v1/auth/tokens", RawJson(json)), HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Tokens_are_listed_stamped_revocable_and_expire()
    {
        var client = Factory.CreateClient();
        var issued = await client.PostAsJsonAsync("/api/v1/auth/tokens", new
        {
            email = QuadrantFactory.AdminEmail, password = QuadrantFactory.AdminPassword, name = "deploy script",
            expiresAt = Factory.Time.GetUtcNow().UtcDateTime.AddHours(2),
        });
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var body = await BodyAsync(issued);
        var secret = body.GetProperty("token").GetString()!;
        var id = body.GetProperty("id").GetGuid();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);

        var list = await BodyAsync(await client.GetAsync("/api/v1/auth/tokens"));
        var mine = list.GetProperty("items").EnumerateArray().Single(t => t.GetProperty("id").GetGuid() == id);
        Assert.Equal("deploy script", mine.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.String, mine.GetProperty("lastUsedAt").ValueKind);
        Assert.False(mine.TryGetProperty("token", out _));
        Assert.False(mine.TryGetProperty("tokenHash", out _));

        Factory.Time.Advance(TimeSpan.FromHours(3));
        await AssertProblemAsync(await client.GetAsync("/api/v1/services"), HttpStatusCode.Unauthorized);

        // Revocation: a second token of the same user, revoked through the API.
        var other = await Factory.AdminClientAsync();
        var otherId = (await BodyAsync(await other.GetAsync("/api/v1/auth/tokens?sort=-createdAt&limit=1"))).GetProperty("items")[0].GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NoContent, (await other.DeleteAsync($"/api/v1/auth/tokens/{otherId}")).StatusCode);
        await AssertProblemAsync(await other.GetAsync("/api/v1/services"), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await Admin.DeleteAsync($"/api/v1/auth/tokens/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Roles_decide_what_a_token_may_do()
    {
        var (requester, _) = await Factory.UserClientAsync(Admin, Roles.Requester);
        var (owner, _) = await Factory.UserClientAsync(Admin, Roles.ServiceOwner);
        var (auditor, _) = await Factory.UserClientAsync(Admin, Roles.Auditor);

        Assert.Equal(HttpStatusCode.OK, (await requester.GetAsync("/api/v1/services")).StatusCode);
        await AssertProblemAsync(await requester.PostAsJsonAsync("/api/v1/services", new { name = "Mail", criticality = "low" }), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await requester.GetAsync("/api/v1/audit"), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await requester.GetAsync("/api/v1/users"), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await owner.GetAsync("/api/v1/users"), HttpStatusCode.Forbidden);

        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsJsonAsync("/api/v1/services", new { name = "Mail", criticality = "low" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync("/api/v1/audit")).StatusCode);
        await AssertProblemAsync(await auditor.PostAsJsonAsync("/api/v1/services", new { name = "Chat", criticality = "low" }), HttpStatusCode.Forbidden);
        Assert.Equal(1, (await BodyAsync(await Admin.GetAsync("/api/v1/services"))).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task The_api_ignores_the_ui_cookie()
    {
        // The API accepts only tokens: a browser's session cookie alone is not enough (no CSRF surface).
        var client = Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("Cookie", "quadrant.auth=forged");
        await AssertProblemAsync(await client.GetAsync("/api/v1/services"), HttpStatusCode.Unauthorized);
        var page = await client.GetAsync("/services");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/login", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_creates_invites_edits_and_deactivates_users()
    {
        var create = await Admin.PostAsJsonAsync("/api/v1/users", new
        {
            email = "mona@example.org", displayName = "Mona Manager", roles = new[] { "SmsManager", "Auditor" }, password = "Mona-Passw0rd-1",
        });
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        var user = (await BodyAsync(create)).GetProperty("user");
        var id = user.GetProperty("id").GetGuid();
        Assert.Equal(["Auditor", "SmsManager"], user.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        var mona = await Factory.ClientForAsync("mona@example.org", "Mona-Passw0rd-1");
        Assert.Equal(HttpStatusCode.OK, (await mona.GetAsync("/api/v1/audit")).StatusCode);

        var invite = await BodyAsync(await Admin.PostAsJsonAsync("/api/v1/users", new { email = "ivan@example.org", displayName = "Ivan", roles = new[] { "Agent" } }));
        var link = invite.GetProperty("invitationUrl").GetString()!;
        Assert.Contains("/account/accept-invite?user=", link, StringComparison.Ordinal);
        Assert.False(invite.GetProperty("user").GetProperty("hasPassword").GetBoolean());

        // The person accepts the invitation with the link's token.
        var query = System.Web.HttpUtility.ParseQueryString(new Uri(link).Query);
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var accept = scope.ServiceProvider.GetRequiredService<AcceptInviteHandler>();
            var bad = await accept.Handle(new AcceptInviteRequest(Guid.Parse(query["user"]!), "forged", "Ivan-Passw0rd-1"), CancellationToken.None);
            Assert.True(bad.Problem!.Errors!.ContainsKey("token"));
            var ok = await accept.Handle(new AcceptInviteRequest(Guid.Parse(query["user"]!), query["token"], "Ivan-Passw0rd-1"), CancellationToken.None);
            Assert.True(ok.Succeeded, ok.Problem?.Detail);
        }

        Assert.NotNull(await Factory.ClientForAsync("ivan@example.org", "Ivan-Passw0rd-1"));

        // Edit roles with If-Match.
        var read = await Admin.GetAsync($"/api/v1/users/{id}");
        var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/users/{id}") { Content = JsonContent.Create(new { displayName = "Mona M.", roles = new[] { "SmsManager" } }) };
        put.Headers.IfMatch.Add(read.Headers.ETag!);
        var updated = await Admin.SendAsync(put);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(["SmsManager"], (await BodyAsync(updated)).GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        var history = await BodyAsync(await Admin.GetAsync($"/api/v1/audit?recordType=User&recordId={id}&limit=100"));
        var roleChanges = history.GetProperty("items").EnumerateArray()
            .SelectMany(e => e.GetProperty("changes").EnumerateArray())
            .Where(c => c.GetProperty("field").GetString() == "roles")
            .Select(c => c.GetProperty("after").GetString() ?? c.GetProperty("before").GetString())
            .ToList();
        Assert.Contains("+SmsManager", roleChanges);
        Assert.Contains("+Auditor", roleChanges);
        Assert.Contains("-Auditor", roleChanges);
        var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/users/{id}") { Content = JsonContent.Create(new { displayName = "X", roles = new[] { "Agent" } }) };
        stale.Headers.IfMatch.Add(read.Headers.ETag!);
        await AssertProblemAsync(await Admin.SendAsync(stale), HttpStatusCode.Conflict);

        // Deactivation stops the user's tokens at once.
        var current = await Admin.GetAsync($"/api/v1/users/{id}");
        var deactivate = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/users/{id}/deactivate");
        deactivate.Headers.IfMatch.Add(current.Headers.ETag!);
        Assert.Equal(HttpStatusCode.OK, (await Admin.SendAsync(deactivate)).StatusCode);
        await AssertProblemAsync(await mona.GetAsync("/api/v1/services"), HttpStatusCode.Unauthorized);
        var signIn = await Factory.CreateClient().PostAsJsonAsync("/api/v1/auth/tokens", new { email = "mona@example.org", password = "Mona-Passw0rd-1", name = "x" });
        await AssertProblemAsync(signIn, HttpStatusCode.Unauthorized);

        var inactive = await BodyAsync(await Admin.GetAsync("/api/v1/users?active=false"));
        Assert.Equal("mona@example.org", inactive.GetProperty("items").EnumerateArray().Single().GetProperty("email").GetString());
        var agents = await BodyAsync(await Admin.GetAsync("/api/v1/users?role=Agent"));
        Assert.Equal("ivan@example.org", agents.GetProperty("items").EnumerateArray().Single().GetProperty("email").GetString());
    }

    [Theory]
    [InlineData("{\"displayName\":\"A\",\"roles\":[\"Agent\"]}", "email")]
    [InlineData("{\"email\":\"not-an-email\",\"displayName\":\"A\",\"roles\":[\"Agent\"]}", "email")]
    [InlineData("{\"email\":\"a@b.co\",\"roles\":[\"Agent\"]}", "displayName")]
    [InlineData("{\"email\":\"a@b.co\",\"displayName\":\"A\",\"roles\":[]}", "roles")]
    [InlineData("{\"email\":\"a@b.co\",\"displayName\":\"A\",\"roles\":[\"Wizard\"]}", "roles[0]")]
    [InlineData("{\"email\":\"a@b.co\",\"displayName\":\"A\",\"roles\":[\"Agent\"],\"password\":\"short\"}", "password")]
    [InlineData("{\"email\":\"a@b.co\",\"displayName\":\"A\",\"roles\":\"Agent\"}", "roles")]
    public async Task User_requests_are_validated_and_write_nothing(string json, string field)
    {
        var before = await CountAsync<QuadrantUser>();
        await AssertProblemAsync(await Admin.PostAsync("/api/v1/users", RawJson(json)), HttpStatusCode.BadRequest, field);
        Assert.Equal(before, await CountAsync<QuadrantUser>());
    }

    [Fact]
    public async Task Admins_cannot_lock_themselves_out()
    {
        var me = (await BodyAsync(await Admin.GetAsync($"/api/v1/users?search={QuadrantFactory.AdminEmail}"))).GetProperty("items")[0];
        var id = me.GetProperty("id").GetGuid();
        var read = await Admin.GetAsync($"/api/v1/users/{id}");
        var deactivate = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/users/{id}/deactivate");
        deactivate.Headers.IfMatch.Add(read.Headers.ETag!);
        await AssertProblemAsync(await Admin.SendAsync(deactivate), HttpStatusCode.Conflict);
        var demote = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/users/{id}") { Content = JsonContent.Create(new { displayName = "Me", roles = new[] { "Agent" } }) };
        demote.Headers.IfMatch.Add(read.Headers.ETag!);
        await AssertProblemAsync(await Admin.SendAsync(demote), HttpStatusCode.Conflict, "roles");
        await AssertProblemAsync(await Admin.PostAsJsonAsync("/api/v1/users",
            new { email = QuadrantFactory.AdminEmail, displayName = "Dup", roles = new[] { "Agent" } }), HttpStatusCode.Conflict, "email");
    }

    [Fact]
    public async Task First_admin_setup_needs_the_console_code_and_works_once()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var setup = scope.ServiceProvider.GetRequiredService<SetupState>();
        var code = setup.Open();
        var handler = scope.ServiceProvider.GetRequiredService<CreateFirstAdminHandler>();

        var wrong = await handler.Handle(new FirstAdminRequest("WRONG", "root@example.org", "Root", "Root-Passw0rd-1"), CancellationToken.None);
        Assert.True(wrong.Problem!.Errors!.ContainsKey("code"));

        // An administrator already exists (the bootstrap one): the code cannot create a second.
        var refused = await handler.Handle(new FirstAdminRequest(code, "root@example.org", "Root", "Root-Passw0rd-1"), CancellationToken.None);
        Assert.Equal(409, refused.Problem!.Status);
        Assert.False(setup.IsOpen);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<QuadrantUser>>();
        Assert.Null(await users.FindByEmailAsync("root@example.org"));
    }
}

public sealed class SqliteAccessApiTests(SqliteFactory factory) : AccessApiTests<SqliteFactory>(factory);

public sealed class PostgresAccessApiTests(PostgresFactory factory) : AccessApiTests<PostgresFactory>(factory);

/// <summary>Handlers check roles themselves too, so a UI page or a future caller cannot bypass the endpoint's policy.</summary>
public sealed class HandlerAuthorizationTests(SqliteFactory factory) : ApiTest<SqliteFactory>(factory)
{
    [Fact]
    public async Task Write_handlers_refuse_actors_without_the_role()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var actor = scope.ServiceProvider.GetRequiredService<ActorContext>();
        actor.Set(new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
        [
            new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, Guid.NewGuid().ToString()),
            new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Role, Roles.Requester),
        ], "test")));

        var create = scope.ServiceProvider.GetRequiredService<Quadrant.Modules.Catalogue.Features.CreateService.CreateServiceHandler>();
        var outcome = await create.Handle(new("Mail", null, null, Quadrant.Modules.Catalogue.Domain.ServiceCriticality.Low, null), CancellationToken.None);
        Assert.Equal(403, outcome.Problem!.Status);

        var audit = scope.ServiceProvider.GetRequiredService<Quadrant.Modules.Common.Auditing.ListAuditHandler>();
        Assert.Equal(403, (await audit.Handle(new(), CancellationToken.None)).Problem!.Status);
        Assert.True((await audit.Handle(new("Service", Guid.NewGuid().ToString()), CancellationToken.None)).Succeeded);
        var verify = scope.ServiceProvider.GetRequiredService<Quadrant.Modules.Common.Auditing.VerifyAuditHandler>();
        Assert.Equal(403, (await verify.Handle(CancellationToken.None)).Problem!.Status);

        var users = scope.ServiceProvider.GetRequiredService<Quadrant.Modules.Access.Features.ListUsers.ListUsersHandler>();
        Assert.Equal(403, (await users.Handle(new(), CancellationToken.None)).Problem!.Status);
        Assert.Equal(0, (await BodyAsync(await Admin.GetAsync("/api/v1/services"))).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_new_token_can_be_read_at_its_location_without_its_secret()
    {
        var issued = await Factory.CreateClient().PostAsJsonAsync("/api/v1/auth/tokens",
            new { email = QuadrantFactory.AdminEmail, password = QuadrantFactory.AdminPassword, name = "located" });
        var location = issued.Headers.Location!.ToString();
        var read = await Admin.GetAsync(location);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var body = await BodyAsync(read);
        Assert.Equal("located", body.GetProperty("name").GetString());
        Assert.False(body.TryGetProperty("token", out _));
        await AssertProblemAsync(await Admin.GetAsync($"/api/v1/auth/tokens/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
    }
}

public sealed class DataProtectionTests(PostgresFactory factory) : ApiTest<PostgresFactory>(factory)
{
    [Fact]
    public async Task The_key_ring_lives_in_the_database_for_every_node()
    {
        var keys = Factory.Services.GetRequiredService<Microsoft.AspNetCore.DataProtection.KeyManagement.IKeyManager>();
        var now = Factory.Time.GetUtcNow();
        var key = keys.CreateNewKey(now, now.AddDays(90));
        var stored = await WithDbAsync(db => Task.FromResult(db.DataProtectionKeys.AsEnumerable().Select(k => k.Xml ?? "").ToList()));
        Assert.Contains(stored, xml => xml.Contains(key.KeyId.ToString(), StringComparison.OrdinalIgnoreCase));
        var audit = await BodyAsync(await Admin.GetAsync("/api/v1/audit?recordType=DataProtectionKey"));
        Assert.Equal(0, audit.GetProperty("items").GetArrayLength());
    }
}

public sealed class InvitationTests(SqliteFactory factory) : ApiTest<SqliteFactory>(factory)
{
    [Fact]
    public async Task A_reset_link_lets_a_user_choose_a_new_password_once()
    {
        var (_, id) = await Factory.UserClientAsync(Admin, "Agent", "forgetful@example.org");
        var first = await BodyAsync(await Admin.PostAsync($"/api/v1/users/{id}/invitation", null));
        var second = await BodyAsync(await Admin.PostAsync($"/api/v1/users/{id}/invitation", null));
        var firstToken = System.Web.HttpUtility.ParseQueryString(new Uri(first.GetProperty("invitationUrl").GetString()!).Query)["token"];
        var secondToken = System.Web.HttpUtility.ParseQueryString(new Uri(second.GetProperty("invitationUrl").GetString()!).Query)["token"];

        await using var scope = Factory.Services.CreateAsyncScope();
        var accept = scope.ServiceProvider.GetRequiredService<AcceptInviteHandler>();
        Assert.True((await accept.Handle(new AcceptInviteRequest(id, secondToken, "Brand-New-Passw0rd"), CancellationToken.None)).Succeeded);
        // The other link died with the first use.
        var reuse = await accept.Handle(new AcceptInviteRequest(id, firstToken, "Another-Passw0rd-1"), CancellationToken.None);
        Assert.True(reuse.Problem!.Errors!.ContainsKey("token"));
        Assert.NotNull(await Factory.ClientForAsync("forgetful@example.org", "Brand-New-Passw0rd"));

        await AssertProblemAsync(await Admin.PostAsync($"/api/v1/users/{Guid.NewGuid()}/invitation", null), HttpStatusCode.NotFound);
        var (requester, _) = await Factory.UserClientAsync(Admin, "Requester");
        await AssertProblemAsync(await requester.PostAsync($"/api/v1/users/{id}/invitation", null), HttpStatusCode.Forbidden);
    }
}

public sealed class RateLimitTests(RateLimitedFactory factory) : IClassFixture<RateLimitedFactory>
{
    [Fact]
    public async Task Password_checks_are_rate_limited_per_address()
    {
        var client = factory.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            var response = await client.PostAsJsonAsync("/api/v1/auth/tokens", new { email = "nobody@example.org", password = "guess-" + i, name = "x" });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.Equal("60", response.Headers.GetValues("Retry-After").Single());
            }
        }

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(2, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        // Other endpoints are not limited.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }
}
