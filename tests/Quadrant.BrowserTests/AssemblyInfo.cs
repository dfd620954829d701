// The journeys' fixtures each run a server and a browser; on a 2-core machine running them side by
// side starves the Blazor circuits (pages take seconds to become interactive). One at a time is steadier.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
