using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.ServiceDesk.Domain;
using Quadrant.Modules.ServiceDesk.Domain.Requests;

namespace Quadrant.Modules.ServiceDesk.Persistence;

internal sealed class RequestItemConfiguration : IEntityTypeConfiguration<RequestItem>
{
    public void Configure(EntityTypeBuilder<RequestItem> builder)
    {
        builder.ToTable("request_items");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.Name).HasMaxLength(RequestItem.MaxName).IsRequired();
        builder.Property(i => i.Description).HasMaxLength(RequestItem.MaxDescription).IsRequired();
        builder.Property(i => i.Category).HasMaxLength(RequestItem.MaxCategory).IsRequired();
        builder.Property(i => i.Instructions).HasMaxLength(RequestItem.MaxInstructions).IsRequired();
        builder.Property(i => i.FormJson).HasMaxLength(RequestItem.MaxDefinition).IsRequired();
        builder.Property(i => i.ApprovalJson).HasMaxLength(RequestItem.MaxDefinition).IsRequired();
        builder.Property(i => i.FulfilmentJson).HasMaxLength(RequestItem.MaxDefinition).IsRequired();
        builder.Property(i => i.Version).IsConcurrencyToken();
        builder.Ignore(i => i.Form);
        builder.Ignore(i => i.Approval);
        builder.Ignore(i => i.Fulfilment);
        builder.Ignore(i => i.NeedsApproval);
        builder.HasIndex(i => i.Name).IsUnique();
        builder.HasIndex(i => new { i.Category, i.Name });
        builder.HasIndex(i => new { i.UpdatedAt, i.Id });
        builder.HasIndex(i => new { i.CreatedAt, i.Id });
        builder.HasIndex(i => i.ServiceId);
    }
}

internal sealed class ServiceRequestConfiguration : IEntityTypeConfiguration<ServiceRequest>
{
    public void Configure(EntityTypeBuilder<ServiceRequest> builder)
    {
        builder.ToTable("service_requests");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Ignore(r => r.Reference);
        builder.Ignore(r => r.NewEvents);
        builder.Property(r => r.Title).HasMaxLength(RequestItem.MaxName).IsRequired();
        builder.Property(r => r.SnapshotJson).HasMaxLength(RequestItem.MaxDefinition * 3).IsRequired();
        builder.Property(r => r.AnswersJson).HasMaxLength(ServiceRequest.MaxAnswers).IsRequired();
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.HasIndex(r => r.Number).IsUnique();
        builder.HasIndex(r => new { r.CreatedAt, r.Id });
        builder.HasIndex(r => new { r.UpdatedAt, r.Id });
        builder.HasIndex(r => new { r.Status, r.Priority, r.Id });
        builder.HasIndex(r => new { r.RequestedForId, r.CreatedAt });
        builder.HasIndex(r => new { r.RequestedById, r.CreatedAt });
        builder.HasIndex(r => r.ItemId);
        builder.HasIndex(r => r.ServiceId);
        builder.HasOne<RequestItem>().WithMany().HasForeignKey(r => r.ItemId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<QuadrantUser>().WithMany().HasForeignKey(r => r.RequestedById).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<QuadrantUser>().WithMany().HasForeignKey(r => r.RequestedForId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(r => r.Approvals).WithOne().HasForeignKey(a => a.RequestId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(r => r.Approvals).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(r => r.Tasks).WithOne().HasForeignKey(t => t.RequestId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(r => r.Tasks).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class RequestApprovalConfiguration : IEntityTypeConfiguration<RequestApproval>
{
    public void Configure(EntityTypeBuilder<RequestApproval> builder)
    {
        builder.ToTable("request_approvals");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Comment).HasMaxLength(ServiceRequest.MaxComment);
        builder.HasIndex(a => new { a.RequestId, a.ApproverId }).IsUnique();
        builder.HasIndex(a => new { a.ApproverId, a.Decision });
        builder.HasOne<QuadrantUser>().WithMany().HasForeignKey(a => a.ApproverId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RequestTaskConfiguration : IEntityTypeConfiguration<RequestTask>
{
    public void Configure(EntityTypeBuilder<RequestTask> builder)
    {
        builder.ToTable("request_tasks");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Ignore(t => t.IsOpen);
        builder.Property(t => t.Title).HasMaxLength(RequestTask.MaxTitle).IsRequired();
        builder.Property(t => t.Instructions).HasMaxLength(RequestTask.MaxInstructions).IsRequired();
        builder.Property(t => t.Version).IsConcurrencyToken();
        builder.HasIndex(t => new { t.RequestId, t.Sequence }).IsUnique();
        builder.HasIndex(t => new { t.AssigneeId, t.Status });
        builder.HasIndex(t => new { t.AssignmentGroupId, t.Status });
        builder.HasIndex(t => new { t.CreatedAt, t.Id });
        builder.HasOne<AssignmentGroup>().WithMany().HasForeignKey(t => t.AssignmentGroupId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<QuadrantUser>().WithMany().HasForeignKey(t => t.AssigneeId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RequestCommentConfiguration : IEntityTypeConfiguration<RequestComment>
{
    public void Configure(EntityTypeBuilder<RequestComment> builder)
    {
        builder.ToTable("request_comments");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Body).HasMaxLength(RequestComment.MaxBody).IsRequired();
        builder.Property(c => c.AuthorName).HasMaxLength(200).IsRequired();
        builder.HasIndex(c => new { c.RequestId, c.CreatedAt });
        builder.HasIndex(c => c.TaskId);
        builder.HasOne<ServiceRequest>().WithMany().HasForeignKey(c => c.RequestId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<RequestTask>().WithMany().HasForeignKey(c => c.TaskId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<QuadrantUser>().WithMany().HasForeignKey(c => c.AuthorId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RequestEventConfiguration : IEntityTypeConfiguration<RequestEvent>
{
    public void Configure(EntityTypeBuilder<RequestEvent> builder)
    {
        builder.ToTable("request_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.From).HasMaxLength(RequestEvent.MaxValue);
        builder.Property(e => e.To).HasMaxLength(RequestEvent.MaxValue);
        builder.Property(e => e.Note).HasMaxLength(RequestEvent.MaxNote);
        builder.HasIndex(e => new { e.RequestId, e.Sequence }).IsUnique();
        builder.HasOne<ServiceRequest>().WithMany().HasForeignKey(e => e.RequestId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<QuadrantUser>().WithMany().HasForeignKey(e => e.ActorId).OnDelete(DeleteBehavior.Restrict);
    }
}
