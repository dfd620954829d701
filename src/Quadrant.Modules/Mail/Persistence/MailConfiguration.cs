using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Quadrant.Modules.Mail.Domain;

namespace Quadrant.Modules.Mail.Persistence;

internal sealed class MailSettingsConfiguration : IEntityTypeConfiguration<MailSettings>
{
    public void Configure(EntityTypeBuilder<MailSettings> builder)
    {
        builder.ToTable("mail_settings");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.SmtpHost).HasMaxLength(MailSettings.MaxHost).IsRequired();
        builder.Property(s => s.SmtpUser).HasMaxLength(MailSettings.MaxUser).IsRequired();
        builder.Property(s => s.SmtpPassword).HasMaxLength(MailSettings.MaxPassword).IsRequired();
        builder.Property(s => s.FromAddress).HasMaxLength(MailSettings.MaxAddress).IsRequired();
        builder.Property(s => s.FromName).HasMaxLength(MailSettings.MaxName).IsRequired();
        builder.Property(s => s.Version).IsConcurrencyToken();
    }
}

internal sealed class MailTemplateConfiguration : IEntityTypeConfiguration<MailTemplate>
{
    public void Configure(EntityTypeBuilder<MailTemplate> builder)
    {
        builder.ToTable("mail_templates");
        builder.HasKey(t => t.Key);
        builder.Property(t => t.Key).HasMaxLength(60);
        builder.Property(t => t.Subject).HasMaxLength(MailTemplate.MaxSubject).IsRequired();
        builder.Property(t => t.TextBody).HasMaxLength(MailTemplate.MaxBody).IsRequired();
        builder.Property(t => t.HtmlBody).HasMaxLength(MailTemplate.MaxBody).IsRequired();
        builder.Property(t => t.Version).IsConcurrencyToken();
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("mail_outbox");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.TemplateKey).HasMaxLength(60).IsRequired();
        builder.Property(m => m.ToAddress).HasMaxLength(OutboxMessage.MaxAddress).IsRequired();
        builder.Property(m => m.ToName).HasMaxLength(OutboxMessage.MaxAddress).IsRequired();
        builder.Property(m => m.Subject).HasMaxLength(OutboxMessage.MaxSubject).IsRequired();
        builder.Property(m => m.TextBody).HasMaxLength(OutboxMessage.MaxBody).IsRequired();
        builder.Property(m => m.HtmlBody).HasMaxLength(OutboxMessage.MaxBody).IsRequired();
        builder.Property(m => m.MessageId).HasMaxLength(300).IsRequired();
        builder.Property(m => m.Reference).HasMaxLength(40);
        builder.Property(m => m.LastError).HasMaxLength(OutboxMessage.MaxError);
        builder.Property(m => m.Version).IsConcurrencyToken();
        builder.HasIndex(m => new { m.Status, m.NextAttemptAt });
        builder.HasIndex(m => new { m.Reference, m.CreatedAt });
        builder.HasIndex(m => new { m.CreatedAt, m.Id });
        builder.HasIndex(m => m.MessageId).IsUnique();
    }
}

internal sealed class MailboxConfiguration : IEntityTypeConfiguration<Mailbox>
{
    public void Configure(EntityTypeBuilder<Mailbox> builder)
    {
        builder.ToTable("mail_mailboxes");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Name).HasMaxLength(Mailbox.MaxName).IsRequired();
        builder.Property(m => m.Host).HasMaxLength(MailSettings.MaxHost).IsRequired();
        builder.Property(m => m.User).HasMaxLength(MailSettings.MaxUser).IsRequired();
        builder.Property(m => m.Password).HasMaxLength(MailSettings.MaxPassword).IsRequired();
        builder.Property(m => m.Folder).HasMaxLength(Mailbox.MaxFolder).IsRequired();
        builder.Property(m => m.ProcessedFolder).HasMaxLength(Mailbox.MaxFolder).IsRequired();
        builder.Property(m => m.LastError).HasMaxLength(1000);
        builder.Property(m => m.Version).IsConcurrencyToken();
        builder.HasIndex(m => m.Name).IsUnique();
    }
}

internal sealed class InboundMessageConfiguration : IEntityTypeConfiguration<InboundMessage>
{
    public void Configure(EntityTypeBuilder<InboundMessage> builder)
    {
        builder.ToTable("mail_inbound");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.MessageId).HasMaxLength(InboundMessage.MaxMessageId);
        builder.Property(m => m.FromAddress).HasMaxLength(InboundMessage.MaxText).IsRequired();
        builder.Property(m => m.Subject).HasMaxLength(InboundMessage.MaxText).IsRequired();
        builder.Property(m => m.Detail).HasMaxLength(InboundMessage.MaxText).IsRequired();
        builder.Property(m => m.Reference).HasMaxLength(40);
        builder.HasIndex(m => new { m.MailboxId, m.UidValidity, m.Uid }).IsUnique();
        builder.HasIndex(m => m.MessageId);
        builder.HasIndex(m => new { m.FromAddress, m.ReceivedAt });
        builder.HasIndex(m => new { m.Reference, m.ReceivedAt });
        builder.HasIndex(m => new { m.ReceivedAt, m.Id });
        builder.HasOne<Mailbox>().WithMany().HasForeignKey(m => m.MailboxId).OnDelete(DeleteBehavior.Cascade);
    }
}
