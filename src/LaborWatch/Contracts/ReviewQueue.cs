using System.Data.Common;
using Dapper;
using LaborWatch.Data;
using Microsoft.Data.Sqlite;

namespace LaborWatch.Contracts;

/// <summary>A log waiting for a researcher, with what a reviewer needs to judge it (notes shown only here).</summary>
public sealed record PendingLog(long Id, string Platform, string TaskType, string? Country, string StartMonth, string Status,
    string PayBasis, string Currency, long GrossPayMinor, double PaidHours, double UnpaidHours, string? Notes, string? ReviewReason);

/// <summary>The review queue: flagged logs and every log with notes count only after a researcher approves them.</summary>
public static class ReviewQueue
{
    // Plain columns only: with no row to look at, Microsoft.Data.Sqlite types an expression column (coalesce)
    // as a BLOB, and Dapper then finds no constructor: an empty queue was a 500.
    public static IReadOnlyList<PendingLog> Pending(DbConnection connection, int limit = 200) =>
        connection.Query<PendingLog>("""
            SELECT c.id AS Id, p.name AS Platform, c.task_type AS TaskType, c.country AS Country, c.start_month AS StartMonth,
                   c.status AS Status, c.pay_basis AS PayBasis, c.currency AS Currency, c.gross_pay_minor AS GrossPayMinor,
                   c.paid_hours AS PaidHours, c.unpaid_hours AS UnpaidHours, c.notes AS Notes,
                   c.review_reason AS ReviewReason
            FROM contracts c JOIN platforms p ON p.id = c.platform_id
            WHERE c.moderation = 'pending' ORDER BY c.id LIMIT @limit
            """, new { limit }).ToList();

    public static int PendingCount(DbConnection connection) =>
        connection.ExecuteScalar<int>("SELECT count(*) FROM contracts WHERE moderation = 'pending'");

    /// <summary>Sets the decision on pending logs, recording who decided and on which day; returns how many changed.</summary>
    public static int Decide(DbConnection connection, IEnumerable<long> ids, bool approve, string reviewer = "reviewer", DateOnly? on = null)
    {
        var day = (on ?? DateOnly.FromDateTime(DateTime.UtcNow)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        using var tx = connection.BeginWrite();
        var changed = connection.Execute(
            // Notes are for the reviewer's eyes only and never published: once the log is decided they have no further
            // use, so they go, approved or rejected, and no backup carries them afterwards.
            "UPDATE contracts SET moderation = @decision, notes = NULL, " +
            "reviewed_by = @reviewer, reviewed_on = @day WHERE id = @id AND moderation = 'pending'",
            ids.Distinct().Select(id => new { id, decision = approve ? "approved" : "rejected", reviewer, day }), tx);
        if (changed > 0) DataVersion.Bump(connection, tx);
        tx.Commit();
        // secure_delete has zeroed the notes' old bytes in the database; the WAL's page images of them go too.
        if (changed > 0 && !connection.IsPostgres()) connection.Execute("PRAGMA wal_checkpoint(TRUNCATE)");
        return changed;
    }
}
