using System.Data.Common;
using Dapper;
using LaborWatch.Data;

namespace LaborWatch.Contracts;

/// <summary>How many member codes were issued and how many are used.</summary>
public sealed record MemberCodeStatus(long Issued, long Unused)
{
    public long Used => Issued - Unused;
}

/// <summary>A member code that was never issued, or was used already; nothing was stored.</summary>
public sealed class UnknownMemberCodeException() : Exception("this member code is not one issued here, or it was used already");

/// <summary>
/// One-time submission codes a union hands its members: 100 random bits as 20 Crockford base-32 characters in groups
/// of four. The database keeps only each code's keyed hash, and deletes it when a post uses it, so no row links a
/// code to the log or receipt it came with (see migration 0015).
/// </summary>
public static class MemberCodes
{
    public const int Bits = 100;
    const int Characters = Bits / 5;

    /// <summary>The code's 20 characters in canonical form, or null when the text cannot be a member code.</summary>
    public static string? Normalize(string? text) => ReceiptCode.Normalize(text, Characters);

    /// <summary>Issues <paramref name="count"/> new codes in one transaction and returns them (shown once: only their hashes are kept).</summary>
    public static IReadOnlyList<string> Issue(DbConnection connection, int count, DateOnly on)
    {
        if (count is < 1 or > 100_000) throw new ArgumentOutOfRangeException(nameof(count), "give a count from 1 to 100,000 codes at a time");
        // 120 random bits written out, of which the first 100 (20 characters) are the code.
        var codes = Enumerable.Range(0, count).Select(_ => ReceiptCode.Format(ReceiptCode.Normalize(ReceiptCode.New(120), 24)![..Characters])).ToList();
        using var tx = connection.BeginWrite();
        using var keyer = new ContractStore.Keyer(ContractStore.LoadSecret(connection, tx));
        connection.Execute("INSERT INTO member_codes(hash) VALUES (@hash)", codes.Select(c => new { hash = keyer.MemberCodeKey(Normalize(c)!) }), tx);
        connection.Execute("INSERT INTO member_code_batches(issued, issued_on) VALUES (@count, @on)",
            new { count, on = on.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) }, tx);
        tx.Commit();
        return codes;
    }

    public static MemberCodeStatus Status(DbConnection connection) =>
        connection.QuerySingle<MemberCodeStatus>("SELECT CAST(coalesce((SELECT sum(issued) FROM member_code_batches), 0) AS bigint) AS Issued, (SELECT count(*) FROM member_codes) AS Unused");

    /// <summary>Uses a code inside the caller's transaction: deleted, or <see cref="UnknownMemberCodeException"/> when it is not there.</summary>
    internal static void Use(DbConnection connection, DbTransaction tx, ContractStore.Keyer keyer, string code)
    {
        var normalized = Normalize(code) ?? throw new UnknownMemberCodeException();
        if (connection.Execute("DELETE FROM member_codes WHERE hash = @hash", new { hash = keyer.MemberCodeKey(normalized) }, tx) == 0)
            throw new UnknownMemberCodeException();
    }
}
