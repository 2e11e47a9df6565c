using System.Xml.Linq;
using Dapper;
using LaborWatch.Data;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace LaborWatch.Web.Submissions;

/// <summary>
/// The data-protection keys (they seal the review cookie and the form tokens) kept in the database: on PostgreSQL
/// without a KEYS_DIR, so that every server over one database reads the others' sign-ins and forms without a
/// shared folder (migration 0010). Each key is an XML element the framework writes once and never changes.
/// </summary>
public sealed class DatabaseKeys(string database) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = Database.Open(database);
        return connection.Query<string>("SELECT xml FROM data_protection_keys ORDER BY id").Select(XElement.Parse).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = Database.Open(database);
        connection.Execute("INSERT INTO data_protection_keys(name, xml) VALUES (@name, @xml)",
            new { name = friendlyName, xml = element.ToString(SaveOptions.DisableFormatting) });
    }
}
