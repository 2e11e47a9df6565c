using System.IO.Compression;
using System.Security.Cryptography;

namespace LaborWatch.Postings;

/// <summary>
/// The raw bytes of every scraped page, kept so that each figure traces to what the site sent (raw_responses, keyed by
/// the SHA-256 of those bytes), stored gzip-compressed (migration 0011: body_encoding 'gzip'; null for the bytes as
/// they came, as rows written before it are). Job pages are mostly boilerplate: the bench's 91 MB of pages are 24 MB
/// stored, and an offline scrape spent a fifth of its time writing them. `laborwatch raw SHA256` gives the bytes back.
/// </summary>
public static class RawBodies
{
    public const string Gzip = "gzip";

    /// <summary>The bytes to store and their encoding: gzip at its fastest level, unless that is no smaller.</summary>
    public static (byte[] Stored, string? Encoding) Pack(byte[] body)
    {
        if (body.Length < 256) return (body, null);
        using var packed = new MemoryStream(body.Length / 3);
        using (var gzip = new GZipStream(packed, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(body);
        return packed.Length < body.Length ? (packed.ToArray(), Gzip) : (body, null);
    }

    /// <summary>The bytes as the site sent them.</summary>
    public static byte[] Unpack(byte[] stored, string? encoding)
    {
        if (encoding is null) return stored;
        if (encoding != Gzip) throw new InvalidDataException($"raw body stored as '{encoding}', which this LaborWatch cannot read");
        using var gzip = new GZipStream(new MemoryStream(stored), CompressionMode.Decompress);
        using var plain = new MemoryStream(stored.Length * 4);
        gzip.CopyTo(plain);
        return plain.ToArray();
    }

    /// <summary>The bytes of the page with this SHA-256, checked against it; null when no page has it.</summary>
    public static byte[]? Read(System.Data.Common.DbConnection connection, string sha256)
    {
        var row = Dapper.SqlMapper.QuerySingleOrDefault<(byte[] Body, string? Encoding)?>(connection,
            "SELECT body, body_encoding FROM raw_responses WHERE sha256 = @sha256", new { sha256 = sha256.ToLowerInvariant() });
        if (row is not { } found) return null;
        var bytes = Unpack(found.Body, found.Encoding);
        if (Convert.ToHexStringLower(SHA256.HashData(bytes)) != sha256.ToLowerInvariant())
            throw new InvalidDataException($"the stored page {sha256} does not match its SHA-256: the database is damaged");
        return bytes;
    }
}
