namespace LaborWatch.Contracts;

/// <summary>The values of a group's key, by dimension; null where the dimension is not grouped or not known.</summary>
public readonly record struct GroupKey(string? Platform, string? Parent, string? Month, string? TaskType, string? Country)
{
    public string? this[string dimension] => dimension switch
    {
        "platform" => Platform,
        "parent" => Parent,
        "month" => Month,
        "task_type" => TaskType,
        "country" => Country,
        _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "unknown dimension"),
    };

    /// <summary>The key with one dimension left out: the line of a table this cell adds up along.</summary>
    public GroupKey Without(string dimension) => dimension switch
    {
        "platform" => this with { Platform = null },
        "parent" => this with { Parent = null },
        "month" => this with { Month = null },
        "task_type" => this with { TaskType = null },
        "country" => this with { Country = null },
        _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "unknown dimension"),
    };

    public static readonly IComparer<GroupKey> Order = Comparer<GroupKey>.Create((a, b) =>
    {
        foreach (var d in StatsFilter.Dimensions)
        {
            var c = string.CompareOrdinal(a[d], b[d]);
            if (c != 0) return c;
        }
        return 0;
    });
}

/// <summary>
/// Puts a log in its group for the --by dimensions of a filter; the month is the section's own. A log's group is
/// first an <see cref="Id"/> of small numbers (hashed and compared in a few nanoseconds, where the
/// <see cref="GroupKey"/>'s strings cost a hash of each name for every log), and becomes a key once per group.
/// </summary>
public sealed class Grouper
{
    /// <summary>A group as numbers: indexes of platform and parent names, the yyyymm month, code ids; <see cref="None"/> where not grouped.</summary>
    public readonly record struct Id(int Platform, int Parent, int Month, int TaskType, int Country);

    const int None = int.MinValue;

    readonly bool _platform, _parent, _month, _task, _country;
    // Platform id -> index of its name and of its parent's name: two ids of one name are one group, as before.
    readonly Dictionary<long, int> _platformIndex = [], _parentIndex = [];
    readonly List<string> _names = [], _parents = [];
    readonly Dictionary<int, string> _months = [];

    readonly ContractRows.Loaded _data;

    public Grouper(StatsFilter filter, ContractRows.Loaded data)
    {
        _data = data;
        _platform = filter.By.Contains("platform");
        _parent = filter.By.Contains("parent");
        _month = filter.By.Contains("month");
        _task = filter.By.Contains("task_type");
        _country = filter.By.Contains("country");
        foreach (var (id, name) in data.PlatformNames)
        {
            _platformIndex[id] = IndexOf(_names, name);
            _parentIndex[id] = IndexOf(_parents, PlatformParents.ParentOf(name) ?? name);
        }
    }

    static int IndexOf(List<string> list, string text)
    {
        var at = list.IndexOf(text);
        if (at >= 0) return at;
        list.Add(text);
        return list.Count - 1;
    }

    public Id IdOf(in ContractRow row, int month) => new(
        _platform ? _platformIndex[row.PlatformId] : None,
        _parent ? _parentIndex[row.PlatformId] : None,
        _month ? month : None,
        _task ? row.TaskType : None,
        _country ? row.Country : None);

    public GroupKey KeyOf(Id id) => new(
        id.Platform == None ? null : _names[id.Platform],
        id.Parent == None ? null : _parents[id.Parent],
        id.Month == None ? null : MonthText(id.Month),
        id.TaskType == None ? null : _data.Code(id.TaskType),
        id.Country == None ? null : _data.Code(id.Country));

    public GroupKey Key(in ContractRow row, int month) => KeyOf(IdOf(row, month));

    string? MonthText(int month) =>
        month == 0 ? null : _months.TryGetValue(month, out var text) ? text : _months[month] = ContractRow.MonthText(month);
}
