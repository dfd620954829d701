namespace Quadrant.Modules.ServiceDesk.Features.Shared;

/// <summary>How often the service desk's jobs look for work (Quadrant:ServiceDesk in configuration).</summary>
public sealed class ServiceDeskOptions
{
    public TimeSpan EscalationInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Incidents looked at per escalation rule and run (nearest due first).</summary>
    public int EscalationBatchSize { get; set; } = 500;

    public TimeSpan AutoCloseInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Resolved incidents the auto-close job looks at per run.</summary>
    public int BatchSize { get; set; } = 500;
}
