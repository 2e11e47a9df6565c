namespace LaborWatch.Stats;

/// <summary>
/// The Kaplan-Meier product-limit estimate of survival. At equal times events come before censorings: a
/// contract censored at week t was still at risk when the events of week t happened.
/// </summary>
public static class KaplanMeier
{
    public readonly record struct Observation(int Time, bool Event);

    /// <summary>One step of the curve: S(t) just after time t, and what happened at t.</summary>
    public readonly record struct Step(int Time, double Survival, int AtRisk, int Events, int Censored);

    public sealed record Curve(IReadOnlyList<Step> Steps, int N, int Events)
    {
        /// <summary>The first time where S(t) &lt;= 0.5; null when the curve never gets there.</summary>
        public int? MedianTime => Steps.Where(s => s.Survival <= 0.5).Select(s => (int?)s.Time).FirstOrDefault();

        /// <summary>S(t) for any t: the value of the last step at or before t (1 before the first).</summary>
        public double At(int time)
        {
            var survival = 1.0;
            foreach (var step in Steps)
            {
                if (step.Time > time) break;
                survival = step.Survival;
            }
            return survival;
        }
    }

    public static Curve Estimate(IEnumerable<Observation> observations)
    {
        var sorted = observations.OrderBy(o => o.Time).ToList();
        var steps = new List<Step>();
        var atRisk = sorted.Count;
        var survival = 1.0;
        var totalEvents = 0;
        for (var i = 0; i < sorted.Count;)
        {
            var time = sorted[i].Time;
            int events = 0, censored = 0;
            for (; i < sorted.Count && sorted[i].Time == time; i++)
                if (sorted[i].Event) events++; else censored++;
            if (events > 0) survival *= 1 - (double)events / atRisk;
            steps.Add(new Step(time, survival, atRisk, events, censored));
            totalEvents += events;
            atRisk -= events + censored;
        }
        return new Curve(steps, sorted.Count, totalEvents);
    }
}
