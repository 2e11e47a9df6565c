namespace LaborWatch.Privacy;

/// <summary>
/// Disclosure control for a published cell (DESIGN.md section 4): it needs at least k distinct submitters
/// (default 11, the US CMS small-cell rule) and no single submitter above 80% of its logs; otherwise its
/// figures are withheld and it shows as suppressed.
/// </summary>
public static class Disclosure
{
    public const int DefaultK = 11;
    public const double MaxShareOfOneSubmitter = 0.8;

    /// <summary>Counts logs per submitter for one cell.</summary>
    public sealed class Cell
    {
        readonly Dictionary<long, int> _logsBySubmitter = [];
        public int Logs { get; private set; }
        public int Submitters => _logsBySubmitter.Count;

        public void Add(long submitterId)
        {
            Logs++;
            _logsBySubmitter[submitterId] = _logsBySubmitter.GetValueOrDefault(submitterId) + 1;
        }

        public bool Suppressed(int k) => IsSuppressed(Logs, Submitters, Logs == 0 ? 0 : _logsBySubmitter.Values.Max(), k);
    }

    public static bool IsSuppressed(int logs, int submitters, int largestSubmitterLogs, int k) =>
        submitters < k || largestSubmitterLogs > MaxShareOfOneSubmitter * logs;
}
