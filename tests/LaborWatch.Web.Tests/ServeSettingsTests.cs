namespace LaborWatch.Web.Tests;

/// <summary>serve's settings the .NET way: flags over the environment over appsettings.json, checked at start.</summary>
[TestClass]
public sealed class ServeSettingsTests
{
    [TestMethod]
    public void A_flag_wins_over_appsettings_json_and_the_file_gives_the_rest()
    {
        var folder = Directory.CreateTempSubdirectory("laborwatch-settings-").FullName;
        File.WriteAllText(Path.Combine(folder, ServeSettings.FileName), """
            {"PUBLIC_K": 15, "RELEASE_EVERY": "6h", "REVIEWERS": "alice=alice-token-0123456789", "POSTS_PER_HOUR": 50, "MAX_BODY_KB": 128,
             "TRUSTED_PROXIES": "10.0.0.0/8", "LOG_FORMAT": "json", "URLS": "http://127.0.0.1:6000"}
            """);
        var (options, urls) = ServeSettings.Load(new Dictionary<string, string?> { ["PUBLIC_K"] = "20", ["URLS"] = null }, folder);
        Assert.AreEqual(20, options.PublicK, "the flag wins");
        Assert.AreEqual(TimeSpan.FromHours(6), options.ReleaseEvery);
        Assert.AreEqual("alice", options.Reviewers.Keys.Single());
        Assert.AreEqual((50, 128 * 1024L, "json"), (options.PostsPerWindow, options.MaxBodyBytes, options.LogFormat));
        Assert.AreEqual(1, options.TrustedProxies.Count);
        Assert.AreEqual("http://127.0.0.1:6000", urls, "a flag not given leaves the file's value");
        Directory.Delete(folder, recursive: true);
    }

    [TestMethod]
    public void Every_bad_setting_is_named_with_where_it_came_from()
    {
        var folder = Directory.CreateTempSubdirectory("laborwatch-settings-").FullName;
        File.WriteAllText(Path.Combine(folder, ServeSettings.FileName), """{"POSTS_PER_HOUR": "lots", "LOG_FORMAT": "xml"}""");
        var e = Assert.ThrowsExactly<ArgumentException>(() => ServeSettings.Load(new Dictionary<string, string?>
        {
            ["RELEASE_EVERY"] = "soon", ["TRUSTED_PROXIES"] = "proxy.example", ["URLS"] = "ftp://x",
        }, folder));
        foreach (var expected in new[] { "RELEASE_EVERY (--release-every): 'soon' is not an interval", "TRUSTED_PROXIES (--trusted-proxies): 'proxy.example' is not an address",
                                         "POSTS_PER_HOUR (appsettings.json): 'lots' is not a whole number", "LOG_FORMAT (appsettings.json): 'xml' is not simple or json", "URLS (--urls): 'ftp://x' is not an http(s) URL" })
            StringAssert.Contains(e.Message, expected);
        Directory.Delete(folder, recursive: true);
    }

    [TestMethod]
    public void A_broken_settings_file_is_named_with_where_it_breaks()
    {
        var folder = Directory.CreateTempSubdirectory("laborwatch-settings-").FullName;
        File.WriteAllText(Path.Combine(folder, ServeSettings.FileName), "{\"PUBLIC_K\": ");
        var e = Assert.ThrowsExactly<ArgumentException>(() => ServeSettings.Load(new Dictionary<string, string?>(), folder));
        StringAssert.Contains(e.Message, Path.Combine(folder, ServeSettings.FileName) + ": not valid JSON: ");
        StringAssert.Contains(e.Message, "LineNumber: 0");
        Directory.Delete(folder, recursive: true);
    }

    [TestMethod]
    public void Without_anything_the_defaults_hold_and_help_lists_every_setting()
    {
        var (options, urls) = ServeSettings.Load(new Dictionary<string, string?>(), Directory.CreateTempSubdirectory("laborwatch-settings-").FullName);
        Assert.AreEqual(("http://127.0.0.1:5080", 11, 20), (urls, options.PublicK, options.PostsPerWindow));
        foreach (var setting in ServeSettings.All) StringAssert.Contains(ServeSettings.Help, setting.Name);
    }
}
