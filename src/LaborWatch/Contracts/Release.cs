namespace LaborWatch.Contracts;

/// <summary>A release of the public figures: which one, when it was cut, and how many logs it publishes.</summary>
public sealed record Release(long Id, string CutAt, long Logs, long Added)
{
    /// <summary>The database's noise secret (hex) that the release's synopsis is drawn from; never shown or logged.</summary>
    public string? Secret { get; init; }

    /// <summary>The secret is left out, so that a release written to a log or a message never carries it.</summary>
    public override string ToString() => Label;

    /// <summary>"release 3, cut 2026-11-26T06:00:00Z": how every page, chart and export names it.</summary>
    public string Label => $"release {Id}, cut {CutAt}";

    /// <summary>Where a set of figures comes from: a release, the exact figures, or no release yet.</summary>
    public static string Describe(Release? release, bool exact) =>
        exact ? "exact figures: NOT FOR PUBLICATION" : release?.Label ?? "no release yet";
}
