using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Quadrant.BrowserTests;

/// <summary>
/// Quadrant on real Kestrel (127.0.0.1, a free port) over a fresh SQLite file, and Debian's
/// Chromium driven by Playwright. One per test class.
/// </summary>
public class BrowserFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminEmail = "admin@browser.quadrant.local";
    public const string AdminPassword = "Admin-Passw0rd-123";

    private readonly string directory = Path.Combine(Path.GetTempPath(), "quadrant-browser", Guid.NewGuid().ToString("N"));
    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = default!;

    /// <summary>False for a first start with no administrator (the setup-code path).</summary>
    protected virtual bool WithBootstrapAdmin => true;

    public string BaseUrl { get; private set; } = "";

    public static string ScreenshotDirectory
    {
        get
        {
            var root = Environment.GetEnvironmentVariable("QUADRANT_ARTIFACTS") is { Length: > 0 } a ? a : Path.Combine(Path.GetTempPath(), "quadrant-artifacts");
            var dir = Path.Combine(root, "screenshots");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(directory);
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        BaseUrl = addresses.Addresses.First().TrimEnd('/');

        // Assertions wait up to 20 s like actions do: a circuit can take seconds to go live on a busy 2-core CI machine.
        Assertions.SetDefaultExpectTimeout(20_000);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("QUADRANT_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage"],
        });
    }

    public async Task DisposeAsyncCore()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        await DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // leftover temp files are harmless
        }
    }

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsyncCore();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("ConnectionStrings:Quadrant", $"Data Source={Path.Combine(directory, "quadrant.db")}");
        // The journeys of one fixture sign in (and take API tokens) more often in a minute than the
        // per-address password limit allows people; the limit itself is tested in the integration tests.
        builder.UseSetting("Quadrant:RateLimits:CredentialsPerMinute", "1000");
        if (WithBootstrapAdmin)
        {
            builder.UseSetting("Quadrant:Bootstrap:AdminEmail", AdminEmail);
            builder.UseSetting("Quadrant:Bootstrap:AdminPassword", AdminPassword);
            builder.UseSetting("Quadrant:Bootstrap:AdminName", "Ada Admin");
        }
    }

    /// <summary>A new browser page (its own cookies) at the given viewport width.</summary>
    public async Task<IPage> NewPageAsync(int width = 1366, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    public static async Task SignInAsync(IPage page, string email = AdminEmail, string password = AdminPassword)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#sign-in");
    }

    public static Task ShotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        return page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, $"{name}.png"), FullPage = true });
    }
}

/// <summary>A first start: no administrator exists, the console shows a setup code.</summary>
public sealed class FirstStartFixture : BrowserFixture
{
    protected override bool WithBootstrapAdmin => false;
}
