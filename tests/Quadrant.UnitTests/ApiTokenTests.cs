using Quadrant.Modules.Access.Domain;
using Quadrant.Modules.Common.Validation;

namespace Quadrant.UnitTests;

public class ApiTokenTests
{
    private static readonly DateTime T0 = new(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Issued_secret_is_shown_once_and_only_its_hash_is_kept()
    {
        var (token, secret) = ApiToken.Issue(Guid.NewGuid(), "ci", T0.AddDays(1), T0);
        Assert.StartsWith("qdt_", secret, StringComparison.Ordinal);
        Assert.True(secret.Length > 40);
        Assert.Equal(ApiToken.Hash(secret), token.TokenHash);
        Assert.DoesNotContain(secret, token.TokenHash, StringComparison.Ordinal);
        Assert.StartsWith(token.Prefix, secret, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_tokens_never_share_a_secret()
    {
        var a = ApiToken.Issue(Guid.NewGuid(), "a", null, T0).Secret;
        var b = ApiToken.Issue(Guid.NewGuid(), "b", null, T0).Secret;
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Expiry_must_be_in_the_future()
    {
        Assert.Throws<DomainRuleException>(() => ApiToken.Issue(Guid.NewGuid(), "x", T0, T0));
    }

    [Fact]
    public void A_token_stops_working_when_expired_or_revoked()
    {
        var (token, _) = ApiToken.Issue(Guid.NewGuid(), "x", T0.AddHours(1), T0);
        Assert.True(token.IsUsable(T0.AddMinutes(59)));
        Assert.False(token.IsUsable(T0.AddHours(1)));

        var (other, _) = ApiToken.Issue(Guid.NewGuid(), "y", null, T0);
        Assert.True(other.IsUsable(T0.AddYears(5)));
        other.Revoke(T0.AddMinutes(1));
        Assert.False(other.IsUsable(T0.AddMinutes(2)));
        Assert.Throws<DomainRuleException>(() => other.Revoke(T0.AddMinutes(3)));
    }

    [Fact]
    public void Last_use_needs_stamping_at_most_once_a_minute()
    {
        var (token, _) = ApiToken.Issue(Guid.NewGuid(), "x", null, T0);
        Assert.True(token.NeedsUseStamp(T0));
    }
}
