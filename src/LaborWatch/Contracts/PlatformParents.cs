using LaborWatch.Data;

namespace LaborWatch.Contracts;

/// <summary>Brand -> parent company, from data/reference/platform_parents.tsv (each link with a dated source).</summary>
public static class PlatformParents
{
    static readonly Dictionary<string, string> BySlug = Load();

    /// <summary>The parent company of a platform brand, or null when the table has none.</summary>
    public static string? ParentOf(string platformName) =>
        BySlug.GetValueOrDefault(ContractValidator.Slug(platformName));

    /// <summary>The slugs of every brand the table gives this parent (compared by slug, so case and spacing do not matter).</summary>
    public static IEnumerable<string> BrandSlugsOf(string parent)
    {
        var slug = ContractValidator.Slug(parent);
        return BySlug.Where(b => ContractValidator.Slug(b.Value) == slug).Select(b => b.Key);
    }

    static Dictionary<string, string> Load()
    {
        var table = ReferenceFiles.Read("platform_parents");
        int brand = table.Column("brand"), parent = table.Column("parent");
        return table.Rows.ToDictionary(r => ContractValidator.Slug(r[brand]), r => r[parent]);
    }
}
