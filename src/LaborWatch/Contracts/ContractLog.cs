namespace LaborWatch.Contracts;

/// <summary>
/// One validated contract log, already coarsened for storage: months instead of dates, a duration in whole
/// weeks, money in minor units, notes scrubbed. Nothing here can be an exact date.
/// </summary>
public sealed record ContractLog
{
    public string? Submitter { get; init; }
    public required string PlatformName { get; init; }
    public required string PlatformSlug { get; init; }
    public required string TaskType { get; init; }
    public string? Country { get; init; }
    public string? Region { get; init; }
    public required string StartMonth { get; init; }
    public string? EndMonth { get; init; }
    public int? DurationWeeks { get; init; }
    public required string Status { get; init; }
    public double? NoticeHours { get; init; }
    public required string PayBasis { get; init; }
    public long? AdvertisedRateMinor { get; init; }
    public string? AdvertisedUnit { get; init; }
    public required string Currency { get; init; }
    public long GrossPayMinor { get; init; }
    public double PaidHours { get; init; }
    /// <summary>In the order of <see cref="ContractColumns.UnpaidHours"/>.</summary>
    public required double[] UnpaidHours { get; init; }
    public int? PaymentDelayDays { get; init; }
    public int? RateCut { get; init; }
    /// <summary>In the order of <see cref="ContractColumns.Flags"/>: 1, 0 or null (not answered).</summary>
    public required int?[] Flags { get; init; }
    public string? Notes { get; init; }
    public bool Synthetic { get; init; }
}
