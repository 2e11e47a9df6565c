namespace LaborWatch.Web.Submissions;

public enum FieldKind { Text, Choice, Number, Month, YesNo, LongText }

/// <summary>One question of the submission form: the import column it fills, in words a worker uses.</summary>
public sealed record FormField(string Name, string Label, string Help, FieldKind Kind, bool Required = false,
    (string Value, string Label)[]? Choices = null, string? Placeholder = null);

public sealed record FormSection(string Title, FormField[] Fields);

/// <summary>
/// The questions of /submit, grouped as a worker thinks about a contract. Every column of docs/import-format.md
/// is here except submitter (the receipt groups a worker's logs) and synthetic; exact dates are not asked at
/// all: a month and a number of weeks are all the analytics use, so nothing sharper leaves the worker's device.
/// </summary>
public static class ContractFields
{
    /// <summary>Web-only: weeks the contract lasted, asked instead of exact start and end days.</summary>
    public const string DurationWeeks = "duration_weeks";

    static FormField YesNo(string name, string label, string help) => new(name, label, help, FieldKind.YesNo);
    static FormField Hours(string name, string label, string help) => new(name, label, help, FieldKind.Number, Placeholder: "0");

    public static readonly FormSection[] Sections =
    [
        new("The work",
        [
            new("platform", "Platform", "The company or brand you worked through, as it names itself on your contract or payments.", FieldKind.Text, Required: true),
            new("task_type", "Kind of work", "Pick the closest; \"other\" is fine.", FieldKind.Choice, Required: true, Choices:
            [
                ("rlhf_rating", "Rating or ranking AI answers (RLHF)"), ("writing", "Writing or rewriting answers"),
                ("coding", "Coding tasks"), ("annotation_text", "Labelling text"), ("annotation_image", "Labelling images"),
                ("annotation_video", "Labelling video"), ("audio_transcription", "Audio transcription"),
                ("content_moderation", "Content moderation"), ("red_teaming", "Red-teaming (trying to make AI misbehave)"),
                ("search_evaluation", "Search or ads evaluation"), ("other", "Other"),
            ]),
            new("country", "Where you worked from", "A country code such as US, GB, KE or PH, or a US state such as US-CA. Used only to compare your pay with the local minimum wage.", FieldKind.Text, Placeholder: "US"),
        ]),
        new("When", [
            new("started", "Month you started", "Only the month is kept. Year and month, e.g. 2025-03.", FieldKind.Month, Required: true, Placeholder: "YYYY-MM"),
            new("ended", "Month it ended", "Leave empty if you are still working on it.", FieldKind.Month, Placeholder: "YYYY-MM"),
            new(DurationWeeks, "How many weeks it lasted", "Whole weeks, roughly. We ask this instead of exact dates, which could point to you. Empty: worked out from the months.", FieldKind.Number),
            new("status", "How it stands now", "Who ended it matters: it is how we measure cancellations.", FieldKind.Choice, Required: true, Choices:
            [
                ("active", "Still working on it"), ("completed", "Finished as planned"),
                ("cancelled_by_platform", "The platform ended or cancelled the project"), ("ended_by_worker", "I stopped"),
                ("deactivated", "My account was deactivated or removed"),
            ]),
            Hours("notice_hours", "Notice you got, in hours", "If the platform ended it: how many hours of warning you had. 0 if none."),
        ]),
        new("Pay", [
            new("pay_basis", "How you were paid", "", FieldKind.Choice, Required: true, Choices:
                [("hourly", "By the hour"), ("per_task", "Per task or item"), ("fixed", "A fixed amount for the project")]),
            new("advertised_rate", "Rate you were promised", "The rate in the posting or offer, as a number (e.g. 21.00). Leave empty if none was given.", FieldKind.Number),
            new("advertised_unit", "The promised rate was per", "", FieldKind.Choice, Choices: [("hour", "hour"), ("task", "task"), ("project", "project")]),
            new("currency", "Currency", "Three letters: USD, EUR, GBP, KES, INR, PHP...", FieldKind.Text, Required: true, Placeholder: "USD"),
            new("gross_pay", "Total you actually received", "Everything paid for this contract before tax, as a number (e.g. 1250.50).", FieldKind.Number, Required: true),
            new("paid_hours", "Hours the platform paid for", "The hours it counted: timer hours, or the hours on your invoices.", FieldKind.Number, Required: true),
            new("payment_delay_days", "Days until you were paid", "From finishing the work to money arriving, typically.", FieldKind.Number),
            YesNo("rate_cut", "Was your rate cut during the contract?", ""),
        ]),
        new("Unpaid time, in hours (0 or empty if none)", [
            Hours("unpaid_onboarding_hours", "Onboarding and required training", "Sign-up steps, training courses and webinars you had to complete and were not paid for."),
            Hours("unpaid_assessment_hours", "Qualification tests", "Assessments or trial tasks to get onto a project."),
            Hours("unpaid_guidelines_hours", "Reading guidelines and meetings", "Reading instructions and their updates, clarification threads, meetings."),
            Hours("unpaid_idle_hours", "Waiting for tasks", "Logged in and available, but no tasks to do."),
            Hours("unpaid_rework_hours", "Rejected or redone work", "Work that was rejected and not paid, or that you had to redo for free."),
            Hours("unpaid_overrun_hours", "Time beyond the task timer", "When a task took longer than the time it paid for: the extra, unpaid part."),
        ]),
        new("How the work was run (yes, no, or don't know)", [
            YesNo("set_schedule", "Set hours or shifts", "The platform decided when you worked, or required minimum hours."),
            YesNo("quotas", "Quotas or targets", "A number of tasks or hours you had to meet."),
            YesNo("monitoring", "Monitoring", "Screenshots, keystroke or mouse tracking, webcam checks or time-tracking software watching you work."),
            YesNo("unpaid_required_training", "Required training, unpaid", "Training you had to do to keep working, without pay."),
            YesNo("exclusivity", "Exclusivity", "You were not allowed to work for other platforms or clients."),
            YesNo("rate_set_by_platform", "Rate set by the platform", "You could not negotiate what you were paid."),
            YesNo("core_business", "Core business", "Your work is what the platform itself sells."),
            YesNo("no_investment", "No investment of your own", "You used no significant equipment or money of your own beyond a computer."),
            YesNo("personal_service", "Had to do it yourself", "You could not hire a helper or send someone else."),
            YesNo("terminable_at_will", "Could be dropped at any time", "The platform could end your work at will, without cause."),
            YesNo("platform_tools", "Platform's tools", "You had to use the platform's tools or software to do the work."),
            YesNo("quality_penalties", "Penalties", "Pay cuts, removal or bans for quality scores."),
            YesNo("conduct_rules", "Conduct rules", "Rules on how to behave or communicate beyond the task itself."),
            YesNo("no_own_business", "No business of your own", "You do not run your own business offering this work to others."),
            YesNo("disturbing_content", "Disturbing content", "The work exposed you to violent, sexual or otherwise disturbing material."),
            YesNo("wellbeing_support", "Wellbeing support offered", "Counselling or other support for that exposure."),
        ]),
        new("Anything else", [
            new("notes", "Notes", "Optional. Do not write names, e-mails, phone numbers or links: we remove them anyway. Notes are read only by a researcher before your log counts, and are never published.", FieldKind.LongText),
        ]),
    ];

    public static readonly FormField[] All = Sections.SelectMany(s => s.Fields).ToArray();
}
