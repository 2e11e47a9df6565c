using LaborWatch.Contracts;
using Microsoft.Extensions.DependencyInjection;
using System.Security.Cryptography;
using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using LaborWatch.Postings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LaborWatch.Web;

/// <summary>
/// GET /postings/changes.atom[?platform=P&amp;parent=C]: every change of advertised pay as an Atom 1.0 feed, newest
/// first, so anyone can be told of a pay cut without an account: subscribe in any feed reader. Each entry links
/// the posting and gives the old and new pay and the hash of the raw page the new pay was read from. Postings
/// are public, so the feed is not under disclosure control.
/// </summary>
public static class ChangesFeed
{
    public const int MaxEntries = 500;

    public static IEndpointRouteBuilder MapChangesFeed(this IEndpointRouteBuilder routes)
    {
        static string Self(HttpContext http, StatsFilter filter) =>
            $"{http.RequestServices.GetRequiredService<PublicAddress>().Origin}/postings/changes.atom{FilterQuery.Of(filter)}";
        routes.MapCached("/postings/changes.atom", "application/atom+xml; charset=utf-8",
            (http, filter) => $"atom:{Self(http, filter)}:{filter.CacheKey}",
            (http, filter, connection, _) => Write(PostingQueries.Changes(connection).Where(c => filter.SelectsPlatform(c.Platform)).ToList(), Self(http, filter)));
        // Source errors as a feed: a maintainer follows breakage (a failed source, a feed whose shape changed) in the same
        // reader they follow pay cuts in.
        routes.MapGet("/postings/sources.atom", (HttpContext http, RenderCache cache, PublicAddress address) =>
        {
            var self = $"{address.Origin}/postings/sources.atom";
            var entry = cache.Get("atom:sources", connection => WriteSourceErrors(LaborWatch.Scraping.LiveScraper.Errors(connection, MaxEntries), self));
            return CachedResponse.Send(http, entry, "application/atom+xml; charset=utf-8");
        });
        return routes;
    }

    public static byte[] WriteSourceErrors(IReadOnlyList<LaborWatch.Scraping.SourceRun> errors, string self)
    {
        var feed = NewFeed("LaborWatch: scrape source errors", "Each failed run of a live source, with its reason: a source that fails, or a feed whose shape changed under its reader.",
            self, "source-errors", errors.Count == 0 ? DateTimeOffset.UnixEpoch : errors.Max(e => At(e.RunAt)));
        feed.Items = errors.Select(e =>
        {
            var item = new SyndicationItem($"Source error: {e.Platform}", $"{e.Platform} ({e.Url}) at {e.RunAt}: {e.Error}",
                Uri.TryCreate(e.Url, UriKind.Absolute, out var link) ? link : new Uri(self),
                TagId("source-error", e.Url, e.RunAt), At(e.RunAt));
            item.Categories.Add(new SyndicationCategory(e.Platform));
            return item;
        }).ToList();
        return Bytes(feed);
    }

    static DateTimeOffset At(string runAt) =>
        DateTimeOffset.TryParse(runAt, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t) ? t : DateTimeOffset.UnixEpoch;

    public static byte[] Write(IReadOnlyList<PayChange> changes, string self)
    {
        var feed = NewFeed("LaborWatch: changes of advertised pay", "Pay changes and cuts in public postings of AI-training gig work, as scraped.",
            self, "pay-changes", changes.Count == 0 ? DateTimeOffset.UnixEpoch : changes.Max(c => Day(c.ObservedAt)));
        feed.Items = changes.OrderByDescending(c => c.ObservedAt, StringComparer.Ordinal).ThenBy(c => c.Url, StringComparer.Ordinal).Take(MaxEntries).Select(c =>
        {
            var what = c.Cut ? "Pay cut" : "Pay change";
            var text = $"{what} at {c.Platform}: {c.Before.Describe()} -> {c.After.Describe()}, seen {c.ObservedAt}. " +
                       $"Posting: {c.Url}. Read from the page with SHA-256 {c.RawSha256 ?? "unknown"}.";
            var item = new SyndicationItem($"{what}: {c.Platform}, {c.Before.Describe()} -> {c.After.Describe()}", text,
                Uri.TryCreate(c.Url, UriKind.Absolute, out var link) ? link : new Uri(self), Id(c), Day(c.ObservedAt));
            item.Categories.Add(new SyndicationCategory(c.Cut ? "cut" : "change"));
            item.Categories.Add(new SyndicationCategory(c.Platform));
            return item;
        }).ToList();
        return Bytes(feed);
    }

    /// <summary>A stable id per change (the posting and the day), so a reader never shows one change twice.</summary>
    static string Id(PayChange c) => TagId("pay-change", c.Url, c.ObservedAt);

    /// <summary>A feed of this server: its title, self link, author and tag id.</summary>
    static SyndicationFeed NewFeed(string title, string description, string self, string kind, DateTimeOffset newest)
    {
        var feed = new SyndicationFeed(title, description, new Uri(self), "tag:laborwatch.example,2026:" + kind, newest);
        feed.Links.Add(SyndicationLink.CreateSelfLink(new Uri(self), "application/atom+xml"));
        feed.Authors.Add(new SyndicationPerson { Name = "LaborWatch" });
        return feed;
    }

    /// <summary>A stable entry id from what makes an entry itself, so a reader never shows one entry twice.</summary>
    static string TagId(string kind, string what, string when) =>
        $"tag:laborwatch.example,2026:{kind}:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(what + "\n" + when)))[..32];

    static byte[] Bytes(SyndicationFeed feed)
    {
        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
            new Atom10FeedFormatter(feed).WriteTo(xml);
        return buffer.ToArray();
    }

    static DateTimeOffset Day(string observedAt) =>
        DateOnly.TryParseExact(observedAt, "yyyy-MM-dd", out var d) ? new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : DateTimeOffset.UnixEpoch;
}
