using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quadrant.Modules.Mail.Contracts;
using Quadrant.Modules.Mail.Domain;
using Quadrant.Modules.Mail.Features.MailQueue;
using Quadrant.Modules.Mail.Features.Mailboxes;
using Quadrant.Modules.Mail.Features.MailSettingsFeature;
using Quadrant.Modules.Mail.Features.MailTemplates;
using Quadrant.Modules.Mail.Receiving;
using Quadrant.Modules.Mail.Sending;

namespace Quadrant.Modules.Mail;

/// <summary>E-mail out (SMTP, templates, a transactional outbox) and in (IMAP polling into incidents and comments).</summary>
public static class MailModule
{
    public static IServiceCollection AddMail(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // Mail arrives in legacy charsets (Shift_JIS, ISO-2022-JP, windows-125x): make them known before MimeKit first looks.
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        services.AddSingleton(configuration.GetSection("Quadrant:Mail").Get<MailOptions>() ?? new MailOptions());
        services.AddScoped<MailSettingsStore>();
        services.AddScoped<IMailOutbox, MailOutbox>();
        services.AddScoped<IMailLog, MailLog>();
        services.AddScoped<InboundProcessor>();
        services.AddScoped<MailSettingsHandler>();
        services.AddScoped<MailTemplatesHandler>();
        services.AddScoped<MailboxesHandler>();
        services.AddScoped<MailQueueHandler>();
        services.AddSingleton<OutboxSenderJob>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxSenderJob>());
        services.AddSingleton<MailboxPollerJob>();
        services.AddHostedService(sp => sp.GetRequiredService<MailboxPollerJob>());
        return services;
    }

    public static void MapMail(this IEndpointRouteBuilder api)
    {
        MailSettingsEndpoint.Map(api);
        MailTemplatesEndpoint.Map(api);
        MailboxesEndpoint.Map(api);
        MailQueueEndpoint.Map(api);
    }
}
