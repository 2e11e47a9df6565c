namespace LaborWatch.Web.Submissions;

/// <summary>
/// Settings of the submission and review side. Defaults suit a public server; tests lower or raise the
/// limits. The review token comes from configuration (LABORWATCH_REVIEW_TOKEN); without one, /review is closed.
/// </summary>
public sealed record WebOptions
{
    public const string ReviewTokenVariable = "LABORWATCH_REVIEW_TOKEN";
    public const int MinimumReviewTokenLength = 16;

    public string? ReviewToken { get; init; } = Environment.GetEnvironmentVariable(ReviewTokenVariable);

    /// <summary>Form posts and API calls one client may make per window (submissions, receipt look-ups, review log-ins).</summary>
    public int PostsPerWindow { get; init; } = 20;
    public TimeSpan Window { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The largest form post or API body accepted: 20 logs with long notes fit in well under this.</summary>
    public long MaxBodyBytes { get; init; } = 256 * 1024;

    public bool ReviewEnabled => ReviewToken is { Length: >= MinimumReviewTokenLength };
}
