using System.Net;
using System.Text;
using LaborWatch.Misclassification;
using LaborWatch.Privacy;
using LaborWatch.Stats;

namespace LaborWatch.Reports;

/// <summary>
/// How every published number is computed (docs/methodology.md, in plain words), as an HTML fragment with the
/// constants taken from the code that applies them: the dashboard's /methodology page and every HTML report
/// show this same text.
/// </summary>
public static class Methodology
{
    static string E(string? s) => WebUtility.HtmlEncode(s ?? "");

    /// <summary>
    /// Which currencies and jurisdictions the reference tables cover, by year, generated from them (so the page
    /// cannot fall behind the tables), and what happens to a log outside them.
    /// </summary>
    public static string Coverage()
    {
        var reference = ReferenceData.PayReference.Shipped;
        static string Years(int first, int last) => first == last ? $"{first}" : $"{first}–{last}";
        var currencies = string.Join(", ", reference.FxCoverage.Select(c => $"{c.Currency} {Years(c.FirstYear, c.LastYear)}"));
        var sb = new StringBuilder();
        sb.Append($"""
            <h4 id="coverage">What the reference tables cover, and what happens outside them</h4>
            <p><strong>Exchange rates</strong> (yearly averages, <code>data/reference/fx_usd.tsv</code>): USD, and {E(currencies)}. A year before
            a currency's first or after its last uses the nearest year in the table. A log in any other currency is left out of the
            dollar figures only (the percentiles, pooled pay, the pay bands and advertised-against-effective in dollars) and counted in
            <code>excluded</code>; it still counts in the unpaid share, below minimum wage (in its own currency) and the advertised gap,
            and in every cancellation and misclassification figure.</p>
            <p><strong>Minimum wages</strong> (the rate in force on 1 January, <code>data/reference/min_wage.tsv</code>): a log is compared with
            the wage of its city, else its region (a US state, a Kenyan county), else its country, in the wage's own currency only.
            A log with no wage on that walk, or paid in another currency, is left out of the below-minimum-wage share (its n says how
            many were compared) and counts everywhere else.</p>
            <div class="scroll" tabindex="0" role="region" aria-label="minimum wage coverage"><table id="wage-coverage"><caption>Minimum wages covered</caption>
            <thead><tr><th scope="col">code</th><th scope="col">jurisdiction</th><th scope="col">currency</th><th scope="col">years</th></tr></thead><tbody>
            """);
        foreach (var w in reference.WageCoverage)
            sb.Append($"<tr><th scope=\"row\">{E(w.Code)}</th><td>{E(w.Name)}</td><td>{E(w.Currency)}</td><td>{Years(w.FirstYear, w.LastYear)}</td></tr>");
        sb.Append("</tbody></table></div>");
        return sb.ToString();
    }

    public static string Html()
    {
        var sb = new StringBuilder();
        sb.Append($"""
            <p>This page says in plain words how each published figure is computed. The exact definitions, rule by rule, are in
            <code>docs/methodology.md</code> of the LaborWatch source, and tests keep that page, this one and the code in step.</p>
            <h3 id="pay">Effective hourly pay</h3>
            <p><strong>Total hours</strong> are the hours the platform paid plus six kinds of unpaid time workers report: onboarding and required
            training, qualification tests, reading guidelines and meetings, waiting for tasks while logged in, rejected or redone work, and time
            beyond a task timer that was not paid. <strong>Effective hourly pay</strong> is the pay received divided by total hours, converted to
            US dollars at the yearly average rate for the year the contract started (the latest year in our table not after it, else the earliest).
            A log with no hours is left out of every pay figure; a log in a currency we have no rate for is left out of the dollar figures only.</p>
            <p>The <strong>median, 25th and 75th percentiles</strong> interpolate between ordered values (type 7, as numpy and Excel's
            PERCENTILE.INC). <strong>Pooled</strong> pay is all dollars paid divided by all hours. The <strong>unpaid share</strong> is unpaid hours
            over all hours. <strong>Below minimum wage</strong> compares each log's pay, in its own currency, with the minimum wage of its city, else
            region, else country for its start year; logs with no known wage in their currency are left out of that share.
            The <strong>advertised gap</strong> is the median of (advertised rate − effective pay) ÷ advertised rate over hourly jobs with an hourly
            advertised rate. Payment delays are the median days to payment and the share paid after 30 days; rate cuts the share of logs reporting one.
            Pay figures are grouped by the month a contract started.</p>
            {Coverage()}
            <h3 id="cancellations">Cancellations and survival</h3>
            <p>A contract <strong>ended by the platform</strong> was cancelled or the worker deactivated. The <strong>cancellation rate</strong> is
            those over all ended contracts, grouped by the month they ended, with a 95% Wilson score interval (z = {Wilson.Z95}).
            The <strong>abrupt share</strong> is the platform-ended contracts with under 24 hours' notice, among those whose notice is known.
            <strong>Survival</strong> curves (Kaplan-Meier) give the share of contracts not yet ended by the platform, week by week; contracts still
            running, completed or left by the worker count as censored, and a curve stops before fewer than k workers remain at risk.</p>
            <h3 id="misclassification">Misclassification signals</h3>
            <p><strong>{E(Rubric.Caveat)}</strong> Each condition workers report (set schedules, quotas, monitoring, unpaid required training,
            exclusivity, rates set by the platform, and more) bears on criteria of four legal tests. A criterion counts for a log when the worker
            reports a condition bearing on it; a "no" or an unanswered question counts for nothing. We publish the share of workers reporting each
            condition (of those who answered), the share whose reports bear on each California ABC prong, the mean number of DOL factors (of 6) and
            IRS factors (of 20) reported, and the share meeting the EU 2021 proposal's presumption ({Rubric.EuPresumptionCriteria} of its 5 criteria).</p>
            <div class="scroll" tabindex="0" role="region" aria-label="legal tests (scrolls sideways)"><table><caption>The legal tests and when they apply</caption><thead><tr><th scope="col">test</th><th scope="col">citation</th>
            <th scope="col">in force from</th><th scope="col">status</th><th scope="col">source</th></tr></thead><tbody>
            """);
        foreach (var t in Rubric.Shipped.Tests)
            sb.Append($"<tr><th scope=\"row\">{E(t.Name)}</th><td>{E(t.Citation)}</td><td>{E(t.InForceFrom)}</td><td>{E(t.Status)}</td><td class=\"sources\">{string.Join(" ", t.Source.Split(" ; ").Select(u => $"<a href=\"{E(u)}\">{E(new Uri(u).Host)}</a>"))}</td></tr>");
        sb.Append($"""
            </tbody></table></div>
            <h3 id="privacy">Protecting the people behind the numbers</h3>
            <p>A figure is published only when at least <strong>k = {Disclosure.DefaultK}</strong> different workers stand behind it (the
            server's operator may set a higher k; no request can ask for a lower one) and no single worker contributes more than
            {Disclosure.MaxShareOfOneSubmitter:P0} of its logs; otherwise it shows as suppressed, keeping only its approximate size.
            Where a row or column of a table would have exactly one suppressed cell, the smallest other cell is suppressed too.</p>
            <p>Suppression alone cannot protect figures that anyone can ask for in any combination: "platform P in countries C and D"
            minus "P in D" would give "P in C". Adding fresh noise to each answer does not help either: asking many <em>different</em>
            pairs and averaging their differences removes noise drawn per question. So every published figure is a fixed function of
            <strong>one noisy synopsis per release</strong>:</p>
            <ul>
            <li>The logs are counted in the cells of a fixed hierarchy: platform (under its parent company), country, kind of work,
            and a tree of months in which any from-to range is a few blocks. Each count in each cell (logs, workers, every numerator and
            denominator behind a share, the histogram of pay in 25-cent bins, the weeks of the survival curves, the sums of hours and
            pay) carries <strong>one draw of noise</strong>, from a discrete Gaussian with a standard deviation of about
            {Math.Sqrt(LaborWatch.Privacy.Synopsis.Synopsis.Variance):0} logs, drawn exactly from the database's secret and the cell's
            name, never from the logs a question happens to gather.</li>
            <li>Every page, chart, table, export and API answer is computed from those noisy cells only: a count is the sum of its
            cells, a share the ratio of two such counts, a median is read off the noisy pay histogram, a pooled figure is the ratio of two
            noisy sums (a log of more than 100 hours or $2,000 counts scaled down to that, its own pay per hour unchanged). Asking again,
            in another order, through another page or as a thousand differences gives nothing the cells do not already say.</li>
            <li><strong>How strong it is:</strong> the best estimate anyone can make of any cell's count from all of the cells at
            once (the least-squares estimate over the whole hierarchy) still has a standard error of at least
            {LaborWatch.Privacy.Synopsis.AttackerBound.Demo.StandardError:0.0} logs, so it is exactly right at most
            {LaborWatch.Privacy.Synopsis.AttackerBound.Demo.ExactRecovery:P0} of the time. As differential privacy (zero-concentrated,
            per log and release): rho = {LaborWatch.Privacy.Synopsis.AttackerBound.Demo.RhoPerLog:0}, that is epsilon =
            {LaborWatch.Privacy.Synopsis.AttackerBound.Demo.Epsilon:0} at delta = 10<sup>-6</sup>. A worker counts with at most
            {LaborWatch.Privacy.Releases.WorkerCap} logs a release (any more stay out of the public figures), so per worker and
            release rho = {LaborWatch.Privacy.Synopsis.AttackerBound.Demo.RhoPerWorker:N0} (epsilon =
            {LaborWatch.Privacy.Synopsis.AttackerBound.Demo.EpsilonPerWorker:N0}). These are large numbers, stated so that they can
            be compared.</li>
            <li>From one release to the next the noise of a cell changes only in part (the binary tree of continual release), so
            averaging one figure over many releases gains only slowly: after r releases the error above is divided by about
            the square root of 1 + log<sub>2</sub> r.</li>
            </ul>
            <p>So <strong>small figures are rough and totals may not add up exactly</strong>: a figure and its breakdown each carry
            their own cells' noise. That is the protection at work. On the demo's 30,000 logs a platform's median pay moves by less than 1%
            and its log count by less than 1%; a platform's month (about 140 logs) by about 6%.</p>

            <p><strong>Releases.</strong> Public figures come from releases, not from each new report: a release is cut daily (or as the
            operator sets) once the reports waiting come from at least k workers, so no release adds a single worker that could be found
            by comparing two releases. Every page and export says which release it shows. A worker who deletes or corrects a published report
            changes the figures at the next release, and that release too needs changes from at least k workers. <strong>Fake workers:</strong> reports sent from one network (an IPv4 /24 or an IPv6 /48, the blocks
            one organisation gets) within a UTC day count as one worker, for the k rule and for the k workers a release needs. Workers who
            share a network (an office, a campus, a mobile carrier's gateway) then count as one, which can delay publication but never weakens
            the protection; nothing about the network is stored, only a random token kept in the server's memory for the day. A report
            sent with a one-time member code that a union gave its member counts as its own worker wherever it comes from (the code is
            stored only as a keyed hash and deleted when used, so nothing ties it to the report), and a server can publish only such
            reports; a report naming a
            new platform, or the first reports of a platform, kind of work and country, wait for a person; and a worker is only ever told
            that a report will be published after review, never why, so nobody can probe whether someone sent the same values.</p>
            <p>Exact contract dates are never stored, only months and a duration in whole weeks; worker ids are stored only as keyed
            hashes; free-text notes are scrubbed, read only by the reviewer, dropped once the report is decided, and never published. Every figure shows the number of logs it stands on. The exact,
            unperturbed figures exist only for whoever holds the database file (<code>laborwatch stats --exact</code>), marked not for
            publication.</p>
            <h3 id="review">Which worker reports count</h3>
            <p>Reports sent through this site count from the next release unless a person should look first: every report with notes, a
            report identical to one already received, a report naming a new platform or the first of its platform, kind of work and
            country, and a report whose effective pay is an outlier for its platform and kind of work (a modified z-score,
            0.6745 × (pay − median) ÷ median absolute deviation, beyond {LaborWatch.Contracts.OutlierCheck.Threshold}, once at least
            {LaborWatch.Contracts.OutlierCheck.MinimumBaseline} approved reports exist to compare with). Those wait for a researcher and count in
            no figure until approved. All the contracts in one report count as one worker; a worker can correct or delete a report with its
            receipt code; a deleted report leaves every figure at the next release and is then erased.</p>
            <h3 id="postings">Advertised pay</h3>
            <p>Postings are public and are not suppressed. Pay is normalised to an hour where the unit is time (a day ÷ 8, a week ÷ 40, a month ÷
            (40 × 52 ÷ 12), a year ÷ 2,080); per-task, per-word and per-project rates stay as they are. A pay cut is a fall of the midpoint (the
            maximum for "up to") between two observations of the same posting.</p>
            <p><strong>Promised against paid.</strong> Per platform and month, the median hourly rate its postings advertised (time-based
            rates only, the midpoint of a range, the ceiling of "up to", in US dollars; n = postings seen that month) stands beside the
            median effective pay its workers logged for contracts started that month (the published figure, under the same protection as
            every other; n = logs), with the gap (advertised − effective) ÷ advertised. Platforms are matched by name.</p>
            """);
        return sb.ToString();
    }
}
