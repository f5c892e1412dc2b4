using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace TomDashboard.Accounts;

/// <summary>
/// A circuit cannot set a cookie, so the sign-in page checks the password over the circuit and hands the browser a
/// one-time ticket, which <c>/account/complete-sign-in</c> exchanges for the cookie. A ticket is protected by the
/// app's data-protection keys, names the user and their security stamp, lives a minute and is taken once.
/// </summary>
public sealed class SignInTickets(IDataProtectionProvider protection, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("TomDashboard.Accounts.SignInTicket").ToTimeLimitedDataProtector();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _taken = new(StringComparer.Ordinal);

    public string Issue(string userId, string securityStamp)
    {
        var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        return _protector.Protect(string.Join('\n', userId, securityStamp, nonce), time.GetUtcNow().Add(Lifetime));
    }

    /// <summary>The ticket's user and stamp, or null when it is forged, expired or already taken.</summary>
    public (string UserId, string SecurityStamp)? Redeem(string? ticket)
    {
        if (string.IsNullOrEmpty(ticket) || ticket.Length > 2048)
        {
            return null;
        }

        string payload;
        try
        {
            payload = _protector.Unprotect(ticket, out var expires);
            if (expires < time.GetUtcNow())
            {
                return null;
            }
        }
        catch (CryptographicException)
        {
            return null;
        }

        var parts = payload.Split('\n');
        if (parts.Length != 3)
        {
            return null;
        }

        ForgetExpired();
        return _taken.TryAdd(parts[2], time.GetUtcNow().Add(Lifetime)) ? (parts[0], parts[1]) : null;
    }

    private void ForgetExpired()
    {
        var now = time.GetUtcNow();
        foreach (var (nonce, until) in _taken)
        {
            if (until < now)
            {
                _taken.TryRemove(nonce, out _);
            }
        }
    }
}
