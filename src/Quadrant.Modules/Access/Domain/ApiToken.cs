using System.Security.Cryptography;
using System.Text;
using Quadrant.Modules.Common.Auditing;
using Quadrant.Modules.Common.Validation;

namespace Quadrant.Modules.Access.Domain;

/// <summary>
/// A personal access token for scripts. Only its SHA-256 hash is stored; the secret is shown once,
/// when it is issued. Revocable; optionally expiring.
/// </summary>
[AuditRecordType("ApiToken")]
internal sealed class ApiToken
{
    public const string SecretPrefix = "qdt_";
    public const int MaxNameLength = 100;

    private ApiToken()
    {
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>The first characters of the secret, to recognise a token in a list.</summary>
    public string Prefix { get; private set; } = "";

    [AuditRedacted]
    public string TokenHash { get; private set; } = "";

    public DateTime CreatedAt { get; private set; }

    public DateTime? ExpiresAt { get; private set; }

    public DateTime? RevokedAt { get; private set; }

    [NotAudited]
    public DateTime? LastUsedAt { get; private set; }

    public int Version { get; private set; } = 1;

    public static (ApiToken Token, string Secret) Issue(Guid userId, string name, DateTime? expiresAt, DateTime now)
    {
        if (expiresAt is { } expiry && expiry <= now)
        {
            throw new DomainRuleException("token.expiry-in-future", "A token must expire in the future.", "expiresAt");
        }

        var secret = SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var token = new ApiToken
        {
            Id = Guid.CreateVersion7(now),
            UserId = userId,
            Name = name,
            Prefix = secret[..(SecretPrefix.Length + 6)],
            TokenHash = Hash(secret),
            CreatedAt = now,
            ExpiresAt = expiresAt,
        };
        return (token, secret);
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public bool IsUsable(DateTime now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);

    public void Revoke(DateTime now)
    {
        if (RevokedAt is not null)
        {
            throw new DomainRuleException("token.already-revoked", "This token is already revoked.");
        }

        RevokedAt = now;
    }

    /// <summary>How often the last-use stamp is refreshed, so authentication is not a write per request.</summary>
    public static readonly TimeSpan UseStampInterval = TimeSpan.FromMinutes(1);

    /// <summary>True when the last-use stamp is older than <see cref="UseStampInterval"/> (or unset).</summary>
    public bool NeedsUseStamp(DateTime now) => LastUsedAt is not { } last || now - last >= UseStampInterval;
}
