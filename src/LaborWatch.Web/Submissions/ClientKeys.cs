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
            }
            return _key;
        }
    }
}
