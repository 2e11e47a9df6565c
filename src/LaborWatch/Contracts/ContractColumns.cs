namespace LaborWatch.Contracts;

/// <summary>The import format of a contract log: column names, which are required, and the allowed values.</summary>
public static class ContractColumns
{
    public static readonly string[] UnpaidHours =
    [
        "unpaid_onboarding_hours", "unpaid_assessment_hours", "unpaid_guidelines_hours",
        "unpaid_idle_hours", "unpaid_rework_hours", "unpaid_overrun_hours",
    ];

    /// <summary>Control indicators S01-S06, S09-S16 of reference/misclassification_signals.tsv, then the two wellbeing questions.</summary>
    public static readonly string[] Flags =
    [
        "set_schedule", "quotas", "monitoring", "unpaid_required_training", "exclusivity", "rate_set_by_platform",
        "core_business", "no_investment", "personal_service", "terminable_at_will", "platform_tools",
        "quality_penalties", "conduct_rules", "no_own_business", "disturbing_content", "wellbeing_support",
    ];

    /// <summary>Every column, in the canonical order used by the generator, the row hash and error messages.</summary>
    public static readonly string[] All =
    [
        "submitter", "platform", "task_type", "country", "region", "started", "ended", "status", "notice_hours",
        "pay_basis", "advertised_rate", "advertised_unit", "currency", "gross_pay", "paid_hours",
        .. UnpaidHours,
        "payment_delay_days", "rate_cut",
        .. Flags,
        "notes", "synthetic",
    ];

    /// <summary>By column index: whether a file repeats a few values of it over and over (a reader can share their strings).</summary>
    public static readonly bool[] Repeats = [.. All.Select(c => c is "platform" or "task_type" or "country" or "region" or "started" or "ended"
        or "status" or "pay_basis" or "advertised_unit" or "currency" or "payment_delay_days" or "rate_cut" or "synthetic" || Flags.Contains(c))];

    public static readonly HashSet<string> Required =
        ["platform", "task_type", "started", "status", "pay_basis", "currency", "gross_pay", "paid_hours"];

    public static readonly Dictionary<string, int> Index =
        All.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i);

    public static readonly string[] TaskTypes =
    [
        "rlhf_rating", "writing", "coding", "annotation_text", "annotation_image", "annotation_video",
        "audio_transcription", "content_moderation", "red_teaming", "search_evaluation", "other",
    ];

    /// <summary>The statuses, in the order of <see cref="LogStatus"/> (which of them count as ended is said there, once).</summary>
    public static readonly string[] Statuses = ["active", "completed", "cancelled_by_platform", "ended_by_worker", "deactivated"];
    public static readonly string[] PayBases = ["hourly", "per_task", "fixed"];
    public static readonly string[] AdvertisedUnits = ["hour", "task", "project"];
}
