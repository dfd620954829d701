using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Search.Contracts;
using Quadrant.Modules.ServiceDesk.Domain.Requests;

namespace Quadrant.Modules.ServiceDesk.Features.RequestShared;

/// <summary>
/// What a service request puts in the search index: its title; the answers of its form and its public comments
/// as text; work notes (task notes included) as staff-only text. The service desk finds every request, the person
/// it is for finds their own (never the work notes). Staged in the caller's unit of work, so it is saved with the change.
/// </summary>
internal static class RequestSearch
{
    public const string Kind = "request";

    /// <summary>Raise when what a request puts in the index changes; the next start re-indexes every request.</summary>
    public const int Generation = 1;

    public static readonly SearchKind SearchKind = new(Kind, "Requests", "/requests/{id}", "/api/v1/requests/{id}");

    /// <summary>Indexes the request as it will be after the pending save (comments added but not yet saved included).</summary>
    public static async Task StageAsync(QuadrantDbContext db, ISearchIndex index, ServiceRequest request, CancellationToken ct)
    {
        var comments = await db.Set<RequestComment>().AsNoTracking().Where(c => c.RequestId == request.Id).ToListAsync(ct);
        comments.AddRange(db.ChangeTracker.Entries<RequestComment>()
            .Where(e => e.State == EntityState.Added && e.Entity.RequestId == request.Id).Select(e => e.Entity));
        await index.UpsertAsync(Entry(request, comments), ct);
    }

    public static SearchEntry Entry(ServiceRequest request, IEnumerable<RequestComment> comments)
    {
        var ordered = comments.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).ToList();
        var text = new List<string> { Answers(request.AnswersJson) };
        text.AddRange(ordered.Where(c => c.IsPublic).Select(c => c.Body));
        var notes = ordered.Where(c => !c.IsPublic).Select(c => c.Body).ToList();
        var updated = ordered.Count > 0 && ordered[^1].CreatedAt > request.UpdatedAt ? ordered[^1].CreatedAt : request.UpdatedAt;
        return new SearchEntry(Kind, request.Id, request.Reference, request.Title, string.Join("\n\n", text.Where(t => !string.IsNullOrWhiteSpace(t))),
            request.RequestedForId, SearchVisibility.Staff(Policies.IncidentWorkers), updated, null, notes.Count == 0 ? null : string.Join("\n\n", notes));
    }

    /// <summary>The answers as plain text, one value per line (the keys are the form's, not words people search for).</summary>
    internal static string Answers(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var values = new List<string>();
            Collect(document.RootElement, values);
            return string.Join("\n", values);
        }
        catch (JsonException)
        {
            return "";
        }
    }

    private static void Collect(JsonElement element, List<string> values)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Collect(property.Value, values);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, values);
                }

                break;
            case JsonValueKind.String when element.GetString() is { Length: > 0 } text:
                values.Add(text);
                break;
            case JsonValueKind.Number:
                values.Add(element.GetRawText());
                break;
        }
    }
}

/// <summary>Every request with its comments, for (re)building the search index.</summary>
internal sealed class RequestSearchSource(QuadrantDbContext db) : ISearchSource
{
    private const int Batch = 250;

    public string Kind => RequestSearch.Kind;

    public int Generation => RequestSearch.Generation;

    public async IAsyncEnumerable<IReadOnlyList<SearchEntry>> ReadAllAsync([EnumeratorCancellation] CancellationToken ct)
    {
        long after = 0;
        while (true)
        {
            var requests = await db.Set<ServiceRequest>().AsNoTracking().Where(r => r.Number > after).OrderBy(r => r.Number).Take(Batch).ToListAsync(ct);
            if (requests.Count == 0)
            {
                yield break;
            }

            after = requests[^1].Number;
            var ids = requests.Select(r => r.Id).ToList();
            var comments = (await db.Set<RequestComment>().AsNoTracking().Where(c => ids.Contains(c.RequestId)).ToListAsync(ct)).ToLookup(c => c.RequestId);
            yield return requests.Select(r => RequestSearch.Entry(r, comments[r.Id])).ToList();
        }
    }
}
