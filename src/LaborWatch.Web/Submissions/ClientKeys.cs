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
    /// The network a client's address is in, keyed like <see cref="Of"/>: an IPv4 /24 or an IPv6 /48, the blocks one
    /// organisation gets. Addresses are cheap inside one (a /48 holds 65,536 /64s), so a worker is counted by network.
    /// </summary>
    public string NetworkOf(IPAddress? address)
    {
        var bytes = address switch
        {
            null => [],
            { IsIPv4MappedToIPv6: true } => address.MapToIPv4().GetAddressBytes()[..3],
            { AddressFamily: AddressFamily.InterNetworkV6 } => address.GetAddressBytes()[..6],
            _ => address.GetAddressBytes()[..3],
        };
        // A prefix byte keeps a network key from ever equalling an address key.
        return Convert.ToHexString(HMACSHA256.HashData(CurrentKey(), (byte[])[0x6e, .. bytes]), 0, 16);
    }

    /// <summary>
    /// The worker a network's posts of today join: posts without a receipt or member code from one IPv4 /24 or IPv6
    /// /48 in one UTC day are one worker for the k rule and for release gating, so addresses bought in a block make
    /// no fake workers. Workers who share a network then count as one, which costs publication, never privacy. A random
    /// token, kept in this process's memory only and forgotten with the day's key, so nothing stored can be matched
    /// to an address. Bounded: past <see cref="MaxDaySubmitters"/> networks the oldest is forgotten (never the
    /// whole table, which would let a flood of addresses make every network new again).
    /// </summary>
    public string DaySubmitter(IPAddress? address)
    {
        var network = NetworkOf(address);
        lock (_lock)
        {
            if (_daySubmitters.TryGetValue(network, out var token)) return token;
            while (_daySubmitters.Count >= MaxDaySubmitters && _arrival.TryDequeue(out var oldest)) _daySubmitters.Remove(oldest);
            _arrival.Enqueue(network);
            return _daySubmitters[network] = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        }
    }

    /// <summary>Networks remembered a day; the oldest go first.</summary>
    public const int MaxDaySubmitters = 100_000;

    /// <summary>The networks of today in the order they first posted, for forgetting the oldest.</summary>
    readonly Queue<string> _arrival = new();

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
                _arrival.Clear();
            }
            return _key;
        }
    }
}
