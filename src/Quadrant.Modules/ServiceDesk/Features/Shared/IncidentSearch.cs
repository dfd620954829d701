using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Search.Contracts;
using Quadrant.Modules.ServiceDesk.Domain;

namespace Quadrant.Modules.ServiceDesk.Features.Shared;

/// <summary>
/// What an incident puts in the search index: title; category as keywords; description, resolution and public
/// comments as its text; work notes as staff-only text. The service desk finds every incident, a requester their own
/// (never the work notes). Staged in the caller's unit of work, so it is saved with the change.
/// </summary>
internal static class IncidentSearch
{
    public const string Kind = "incident";

    /// <summary>Raise when what an incident puts in the index changes; the next start re-indexes every incident.</summary>
    public const int Generation = 1;

    public static readonly SearchKind SearchKind = new(Kind, "Incidents", "/incidents/{id}", "/api/v1/incidents/{id}");

    /// <summary>Indexes the incident as it will be after the pending save (comments added but not yet saved included).</summary>
    public static async Task StageAsync(QuadrantDbContext db, ISearchIndex index, Incident incident, CancellationToken ct)
    {
        var comments = await db.Set<IncidentComment>().AsNoTracking().Where(c => c.IncidentId == incident.Id).ToListAsync(ct);
        comments.AddRange(db.ChangeTracker.Entries<IncidentComment>()
            .Where(e => e.State == EntityState.Added && e.Entity.IncidentId == incident.Id).Select(e => e.Entity));
        await index.UpsertAsync(Entry(incident, comments), ct);
    }

    public static SearchEntry Entry(Incident incident, IEnumerable<IncidentComment> comments)
    {
        var ordered = comments.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).ToList();
        var text = new List<string> { incident.Description };
        if (incident.ResolutionCode is not null)
        {
            text.Add($"{incident.ResolutionCode}: {incident.ResolutionNotes}");
        }

        text.AddRange(ordered.Where(c => c.IsPublic).Select(c => c.Body));
        var notes = ordered.Where(c => !c.IsPublic).Select(c => c.Body).ToList();
        var updated = ordered.Count > 0 && ordered[^1].CreatedAt > incident.UpdatedAt ? ordered[^1].CreatedAt : incident.UpdatedAt;
        return new SearchEntry(Kind, incident.Id, incident.Reference, incident.Title, string.Join("\n\n", text.Where(t => !string.IsNullOrWhiteSpace(t))),
            incident.RequesterId, SearchVisibility.Staff(Policies.IncidentWorkers), updated, incident.Category,
            notes.Count == 0 ? null : string.Join("\n\n", notes));
    }
}

/// <summary>Every incident with its comments, for (re)building the search index.</summary>
internal sealed class IncidentSearchSource(QuadrantDbContext db) : ISearchSource
{
    private const int Batch = 250;

    public string Kind => IncidentSearch.Kind;

    public int Generation => IncidentSearch.Generation;

    public async IAsyncEnumerable<IReadOnlyList<SearchEntry>> ReadAllAsync([EnumeratorCancellation] CancellationToken ct)
    {
        long after = 0;
        while (true)
        {
            var incidents = await db.Set<Incident>().AsNoTracking().Where(i => i.Number > after).OrderBy(i => i.Number).Take(Batch).ToListAsync(ct);
            if (incidents.Count == 0)
            {
                yield break;
            }

            after = incidents[^1].Number;
            var ids = incidents.Select(i => i.Id).ToList();
            var comments = (await db.Set<IncidentComment>().AsNoTracking().Where(c => ids.Contains(c.IncidentId)).ToListAsync(ct)).ToLookup(c => c.IncidentId);
            yield return incidents.Select(i => IncidentSearch.Entry(i, comments[i.Id])).ToList();
        }
    }
}
