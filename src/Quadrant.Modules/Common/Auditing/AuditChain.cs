using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Common.Persistence;

namespace Quadrant.Modules.Common.Auditing;

/// <summary>Where the chain first breaks, and why.</summary>
public sealed record AuditBreak(long Sequence, Guid Id, string Reason);

public sealed record AuditVerification(bool Intact, long EntriesChecked, string? LastHash, AuditBreak? FirstBreak);

/// <summary>Checks the audit log's hash chain from the first entry to the last.</summary>
internal static class AuditChain
{
    private const int Batch = 2000;

    public static async Task<AuditVerification> VerifyAsync(QuadrantDbContext db, CancellationToken ct)
    {
        var expectedSequence = 1L;
        var previousHash = AuditEntry.GenesisHash;
        var checkedCount = 0L;
        while (true)
        {
            var from = expectedSequence;
            var batch = await db.Set<AuditEntry>().AsNoTracking()
                .Where(e => e.Sequence >= from)
                .OrderBy(e => e.Sequence)
                .Take(Batch)
                .ToListAsync(ct);
            foreach (var entry in batch)
            {
                checkedCount++;
                if (entry.Sequence != expectedSequence)
                {
                    return Broken(checkedCount, entry,
                        $"Entry {expectedSequence} is missing: the chain jumps from {expectedSequence - 1} to {entry.Sequence}.");
                }

                if (!string.Equals(entry.PreviousHash, previousHash, StringComparison.Ordinal))
                {
                    return Broken(checkedCount, entry, "Its link to the previous entry does not match that entry's hash.");
                }

                if (!string.Equals(entry.ComputeHash(), entry.Hash, StringComparison.Ordinal))
                {
                    return Broken(checkedCount, entry, "Its content no longer matches its hash: the entry was altered.");
                }

                previousHash = entry.Hash;
                expectedSequence++;
            }

            if (batch.Count < Batch)
            {
                return new AuditVerification(true, checkedCount, checkedCount == 0 ? null : previousHash, null);
            }
        }
    }

    private static AuditVerification Broken(long count, AuditEntry entry, string reason) =>
        new(false, count, null, new AuditBreak(entry.Sequence, entry.Id, reason));
}
