using System.Data.Common;
using Dapper;
using LaborWatch.Contracts;
using LaborWatch.Sample;

namespace LaborWatch.Cli;

/// <summary>`serve --demo`: fills an empty database with the synthetic sample (the same rows as data/sample/) and a synthetic posting history.</summary>
public static class Demo
{
    /// <summary>The number of logs loaded, or null when the database already had contract logs.</summary>
    public static int? LoadIfEmpty(DbConnection connection, int publicK)
    {
        // Postings too, so the postings page and its charts show something (their own check: a database may have one and not the other).
        if (connection.ExecuteScalar<long>("SELECT count(*) FROM postings") == 0) LaborWatch.Sample.SamplePostings.Load(connection);
        if (connection.ExecuteScalar<long>("SELECT count(*) FROM contracts") > 0) return null;
        using var buffer = new MemoryStream();
        using (var writer = new StreamWriter(buffer, leaveOpen: true) { NewLine = "\n" })
            SampleGenerator.Write(writer);
        buffer.Position = 0;
        var added = ContractImporter.Import(connection, "synthetic_contracts.csv", buffer).Added;
        LaborWatch.Privacy.Releases.Cut(connection, publicK, DateTimeOffset.UtcNow);   // the demo is published at once
        return added;
    }
}
