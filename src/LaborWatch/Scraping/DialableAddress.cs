using System.Net;
using System.Net.Sockets;

namespace LaborWatch.Scraping;

/// <summary>
/// Which addresses the fetcher may dial: only global unicast, as an allow-list. IPv4: everything but
/// the special-purpose blocks of the IANA registry (RFC 6890 and its updates) that are not globally reachable.
/// IPv6: only 2000::/3, less the blocks inside it that are not global destinations (documentation, 6to4 relays,
/// the IETF protocol block with Teredo). An IPv4 address inside IPv6 (mapped ::ffff:a.b.c.d, compatible
/// ::a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002:AABB:CCDD::) is decoded first and judged as the IPv4 address it
/// reaches, and NAT64 and 6to4 are refused whatever they carry: a translator must not be a way around the rule.
/// </summary>
public static class DialableAddress
{
    static readonly (uint Network, int Bits)[] RefusedV4 =
    [
        (V4(0, 0, 0, 0), 8),          // "this network"
        (V4(10, 0, 0, 0), 8),         // private
        (V4(100, 64, 0, 0), 10),      // carrier-grade NAT
        (V4(127, 0, 0, 0), 8),        // loopback
        (V4(169, 254, 0, 0), 16),     // link-local (cloud metadata lives here)
        (V4(172, 16, 0, 0), 12),      // private
        (V4(192, 0, 0, 0), 24),       // IETF protocol assignments
        (V4(192, 0, 2, 0), 24),       // documentation TEST-NET-1
        (V4(192, 88, 99, 0), 24),     // 6to4 relay anycast (deprecated)
        (V4(192, 168, 0, 0), 16),     // private
        (V4(198, 18, 0, 0), 15),      // benchmarking
        (V4(198, 51, 100, 0), 24),    // documentation TEST-NET-2
        (V4(203, 0, 113, 0), 24),     // documentation TEST-NET-3
        (V4(224, 0, 0, 0), 4),        // multicast
        (V4(240, 0, 0, 0), 4),        // reserved, and 255.255.255.255 broadcast
    ];

    static readonly (UInt128 Network, int Bits)[] RefusedV6Inside2000 =
    [
        (V6("2001::"), 23),           // IETF protocol assignments (Teredo 2001::/32, ORCHID, benchmarking)
        (V6("2001:db8::"), 32),       // documentation
        (V6("2002::"), 16),           // 6to4
        (V6("3fff::"), 20),           // documentation (RFC 9637)
    ];

    /// <summary>Whether the fetcher may connect to this address.</summary>
    public static bool IsGlobalUnicast(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork) return GlobalV4(address);
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return false;
        var value = ToUInt128(address.GetAddressBytes());
        if (address.IsIPv4MappedToIPv6) return GlobalV4(address.MapToIPv4());
        // IPv4-compatible ::a.b.c.d (deprecated) and NAT64 64:ff9b::/96 reach an IPv4 address: refused outright.
        if (value >> 32 == 0 || InPrefix(value, V6("64:ff9b::"), 96) || InPrefix(value, V6("64:ff9b:1::"), 48)) return false;
        if (!InPrefix(value, V6("2000::"), 3)) return false;   // only global unicast space
        return !RefusedV6Inside2000.Any(r => InPrefix(value, r.Network, r.Bits));
    }

    /// <summary>The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4), if any: for error messages and tests.</summary>
    public static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return null;
        if (address.IsIPv4MappedToIPv6) return address.MapToIPv4();
        var bytes = address.GetAddressBytes();
        var value = ToUInt128(bytes);
        if (value >> 32 == 0 && value > 1 || InPrefix(value, V6("64:ff9b::"), 96)) return new IPAddress(bytes[12..16]);
        if (InPrefix(value, V6("2002::"), 16)) return new IPAddress(bytes[2..6]);
        return null;
    }

    static bool GlobalV4(IPAddress address)
    {
        var b = address.GetAddressBytes();
        var value = V4(b[0], b[1], b[2], b[3]);
        return !RefusedV4.Any(r => (value >> (32 - r.Bits)) == (r.Network >> (32 - r.Bits)));
    }

    static uint V4(byte a, byte b, byte c, byte d) => (uint)(a << 24 | b << 16 | c << 8 | d);

    static UInt128 V6(string text) => ToUInt128(IPAddress.Parse(text).GetAddressBytes());

    static UInt128 ToUInt128(byte[] bytes)
    {
        UInt128 value = 0;
        foreach (var b in bytes) value = value << 8 | b;
        return value;
    }

    static bool InPrefix(UInt128 value, UInt128 network, int bits) => bits == 0 || value >> (128 - bits) == network >> (128 - bits);
}
