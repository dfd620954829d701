using System.Net.Mail;

namespace Quadrant.Modules.Common.Validation;

/// <summary>The e-mail address rules every form shares, so a field is not accepted in one place and refused in another.</summary>
public static class EmailAddresses
{
    /// <summary>Exactly one address, as typed: no display name, no angle brackets, nothing around it.</summary>
    public static bool IsAddress(string value) => MailAddress.TryCreate(value, out var address) && address.Address == value;

    /// <summary>An address a person can be mailed at: <see cref="IsAddress"/> with a dotted domain (no "name@localhost").</summary>
    public static bool IsDeliverable(string value) => IsAddress(value) && value.Contains('.', StringComparison.Ordinal);
}
