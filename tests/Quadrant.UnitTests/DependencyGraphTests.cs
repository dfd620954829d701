using Quadrant.Modules.Catalogue.Domain;

namespace Quadrant.UnitTests;

public class DependencyGraphTests
{
    private static readonly Guid A = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid B = Guid.Parse("00000000-0000-0000-0000-00000000000b");
    private static readonly Guid C = Guid.Parse("00000000-0000-0000-0000-00000000000c");
    private static readonly Guid D = Guid.Parse("00000000-0000-0000-0000-00000000000d");

    private static ILookup<Guid, Guid> Edges(params (Guid From, Guid To)[] edges) => edges.ToLookup(e => e.From, e => e.To);

    [Fact]
    public void A_service_cannot_depend_on_itself() =>
        Assert.Equal([A, A], DependencyGraph.CycleIfAdded(A, A, Edges()));

    [Fact]
    public void Closing_a_loop_is_reported_with_its_path()
    {
        // B → C → D exists; adding D → B would close B → C → D → B.
        var cycle = DependencyGraph.CycleIfAdded(D, B, Edges((B, C), (C, D)));
        Assert.Equal([D, B, C, D], cycle);
    }

    [Fact]
    public void Diamonds_and_chains_are_fine()
    {
        // A → B, A → C, B → D, C → D: adding A → D is no cycle.
        Assert.Null(DependencyGraph.CycleIfAdded(A, D, Edges((A, B), (A, C), (B, D), (C, D))));
        Assert.Null(DependencyGraph.CycleIfAdded(D, A, Edges((B, C))));
    }

    [Fact]
    public void Random_graphs_agree_with_a_transitive_closure()
    {
        var random = new Random(7);
        var nodes = Enumerable.Range(1, 12).Select(i => new Guid(i, 0, 0, new byte[8])).ToArray();
        for (var round = 0; round < 300; round++)
        {
            var edges = new List<(Guid, Guid)>();
            for (var i = 0; i < 14; i++)
            {
                // Only from lower to higher index: the existing graph is acyclic.
                var x = random.Next(nodes.Length - 1);
                edges.Add((nodes[x], nodes[random.Next(x + 1, nodes.Length)]));
            }

            var from = nodes[random.Next(nodes.Length)];
            var to = nodes[random.Next(nodes.Length)];
            var lookup = Edges([.. edges]);
            var reachable = new HashSet<Guid> { to };
            for (var changed = true; changed;)
            {
                changed = false;
                foreach (var (f, t) in edges)
                {
                    changed |= reachable.Contains(f) && reachable.Add(t);
                }
            }

            var cycle = DependencyGraph.CycleIfAdded(from, to, lookup);
            Assert.Equal(reachable.Contains(from), cycle is not null);
            if (cycle is not null)
            {
                Assert.Equal(from, cycle[0]);
                Assert.Equal(from, cycle[^1]);
                for (var i = 1; i < cycle.Count - 1; i++)
                {
                    Assert.Contains(cycle[i + 1], lookup[cycle[i]]);
                }
            }
        }
    }
}
