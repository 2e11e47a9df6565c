using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace LaborWatch.Web.Submissions;

/// <summary>
/// What the rate limiter knows a client by: an HMAC of its address under a key that exists only in this
/// process's memory and is replaced every UTC day, so no address, and nothing that could be matched against
/// one later, is ever kept. An IPv6 client is keyed by its /64, the block one household or phone gets.
/// </summary>
public sealed class ClientKeys(TimeProvider clock)
{
    readonly Lock _lock = new();
    byte[] _key = RandomNumberGenerator.GetBytes(32);
    DateOnly _day = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
    readonly Dictionary<string, string> _daySubmitters = [];

    public ClientKeys() : this(TimeProvider.System) { }

    public string Of(IPAddress? address)
    {
        var bytes = address switch
        {
            null => [],
            { IsIPv4MappedToIPv6: true } => address.MapToIPv4().GetAddressBytes(),
            { AddressFamily: AddressFamily.InterNetworkV6 } => address.GetAddressBytes()[..8],
            _ => address.GetAddressBytes(),
        };
        return Convert.ToHexString(HMACSHA256.HashData(CurrentKey(), bytes), 0, 16);
    }

    /// <summary>
    /// The worker a client's posts of today join (issue 11: ten posts from one connection are one worker, not
    /// ten, for the k rule): a random token, kept in this process's memory only and forgotten with the day's
    /// key, so nothing stored can be matched to an address. Capped, so a flood of addresses cannot fill memory.
    /// </summary>
    public string DaySubmitter(System.Net.IPAddress? address)
    {
        var client = Of(address);
        lock (_lock)
        {
            if (_daySubmitters.TryGetValue(client, out var token)) return token;
            if (_daySubmitters.Count >= MaxDaySubmitters) _daySubmitters.Clear();
            return _daySubmitters[client] = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        }
    }

    const int MaxDaySubmitters = 100_000;

    byte[] CurrentKey()
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        lock (_lock)
        {
            if (today != _day)
            {
                Array.Clear(_key);
                _key = RandomNumberGenerator.GetBytes(32);
                _day = today;
                _daySubmitters.Clear();
            }
            return _key;
        }
    }
}
