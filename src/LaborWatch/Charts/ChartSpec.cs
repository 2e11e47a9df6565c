namespace LaborWatch.Charts;

/// <summary>
/// A chart as data: what it shows, every point with its n, and what was left out. Rendered to PNG/SVG by
/// <see cref="ChartRenderer"/>, and shown as a table beside the picture, so every figure can be read as text.
/// </summary>
public sealed record ChartSpec(
    string Name, string Title, string XLabel, string YLabel, ChartKind Kind,
    IReadOnlyList<ChartSeries> Series, IReadOnlyList<string> Notes,
    IReadOnlyList<string>? Categories = null, double[,]? Matrix = null, IReadOnlyList<string>? MatrixColumns = null)
{
    /// <summary>The line under the title: the filters and the n the chart stands on.</summary>
    public string? Subtitle { get; init; }

    /// <summary>The source line under the notes: LaborWatch, the release, and "synthetic" where it is.</summary>
    public string? Source { get; init; }

    /// <summary>How the value axis reads: plain numbers, money or shares.</summary>
    public AxisFormat YFormat { get; init; }

    public bool IsEmpty => Kind == ChartKind.Heatmap ? Matrix is null || Matrix.Length == 0 : Series.All(s => s.Points.Count == 0);

    /// <summary>The data table: one row per point (or per heatmap cell), with its n.</summary>
    public IEnumerable<string[]> Table()
    {
        if (Kind == ChartKind.Heatmap && Matrix is not null)
        {
            for (var r = 0; r < Matrix.GetLength(0); r++)
                for (var c = 0; c < Matrix.GetLength(1); c++)
                    yield return [Categories![r], MatrixColumns![c], double.IsNaN(Matrix[r, c]) ? "-" : Matrix[r, c].ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)];
            yield break;
        }
        foreach (var s in Series)
            foreach (var p in s.Points)
                yield return [s.Name, p.Label, F(p.Y), F(p.Low), F(p.High), p.N.ToString(System.Globalization.CultureInfo.InvariantCulture)];

        static string F(double? v) => v is { } x ? x.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) : "-";
    }
}

public enum ChartKind { Lines, Bars, GroupedBars, Histogram, Steps, Heatmap }

public enum AxisFormat { Plain, Money, Share }

public sealed record ChartSeries(string Name, IReadOnlyList<ChartPoint> Points);

/// <summary>One point: its x position and label, its value, an optional band or whisker, and the n behind it.</summary>
public sealed record ChartPoint(double X, string Label, double Y, double? Low, double? High, int N);
