using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;
using Quadrant.Modules.Search.Contracts;
using Quadrant.Modules.Search.Domain;

namespace Quadrant.Modules.Search.Engine;

/// <summary>Stages index changes in the scoped DbContext; the caller's save writes them with the record.</summary>
internal sealed class SearchIndex(QuadrantDbContext db, IEnumerable<SearchKind> kinds, TimeProvider time) : ISearchIndex
{
    public async Task UpsertAsync(SearchEntry entry, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!kinds.Any(k => k.Name == entry.Kind))
        {
            throw new ArgumentException($"'{entry.Kind}' is not a registered search kind (AddSearchKind).", nameof(entry));
        }

        var document = await FindAsync(entry.Kind, entry.Id, ct);
        if (document is null)
        {
            db.Add(SearchDocument.Create(entry, time.UtcNow()));
        }
        else
        {
            document.Update(entry, time.UtcNow());
        }
    }

    public async Task RemoveAsync(string kind, Guid id, CancellationToken ct)
    {
        var document = await FindAsync(kind, id, ct);
        if (document is not null)
        {
            db.Remove(document);
        }
    }

    private async Task<SearchDocument?> FindAsync(string kind, Guid id, CancellationToken ct) =>
        db.Set<SearchDocument>().Local.FirstOrDefault(d => d.Kind == kind && d.RecordId == id && db.Entry(d).State != EntityState.Deleted)
        ?? await db.Set<SearchDocument>().FirstOrDefaultAsync(d => d.Kind == kind && d.RecordId == id, ct);
}
