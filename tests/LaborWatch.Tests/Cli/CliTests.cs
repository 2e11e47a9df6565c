using System.Text.Json;
using Dapper;

namespace LaborWatch.Tests.Cli;

[TestClass]
public sealed class CliTests
{
    [TestMethod]
    public void Import_then_stats_json_over_the_real_command()
    {
        using var db = new TestDatabase();
        var rows = Enumerable.Range(1, 12).Select(i => Rows.Valid("w" + i, ("gross_pay", (100 + 10 * i).ToString()))).ToArray();
        var file = db.WriteFile("logs.csv", Rows.Csv(rows));

        var import = Cli.Run(db.Path, "import", "contracts", file);
        Assert.AreEqual(0, import.ExitCode, import.Stderr);
        var said = import.Stdout.Trim().Split('\n');
        Assert.AreEqual("12 rows read: 12 added, 0 already stored (skipped), 0 rejected", said[0]);
        StringAssert.StartsWith(said[1], "release 1 cut at ", "12 workers' logs: enough for a release");
        Assert.AreEqual("", import.Stderr, "no progress bar when stderr is not a terminal");

        var again = Cli.Run(db.Path, "import", "contracts", file);
        StringAssert.Contains(again.Stdout, "0 added, 12 already stored");

        var stats = Cli.Run(db.Path, "stats", "--json", "--by", "platform");
        Assert.AreEqual(0, stats.ExitCode, stats.Stderr);
        using var json = JsonDocument.Parse(stats.Stdout);
        var pay = json.RootElement.GetProperty("pay").EnumerateArray().Single();
        Assert.AreEqual("Alpha", pay.GetProperty("platform").GetString());
        Assert.IsFalse(pay.GetProperty("suppressed").GetBoolean());
        Assert.AreEqual(1, json.RootElement.GetProperty("release").GetProperty("id").GetInt32());
        // Twelve logs are too few for the synopsis to say a median (its histogram's noise would be most of it): withheld.
        Assert.AreEqual(JsonValueKind.Null, pay.GetProperty("ehpUsd").GetProperty("median").ValueKind);

        var exact = Cli.Run(db.Path, "stats", "--json", "--by", "platform", "--exact");
        using var exactJson = JsonDocument.Parse(exact.Stdout);
        Assert.IsTrue(exactJson.RootElement.GetProperty("exact").GetBoolean());
        StringAssert.Contains(exactJson.RootElement.GetProperty("notForPublication").GetString(), "NOT FOR PUBLICATION");
        var exactPay = exactJson.RootElement.GetProperty("pay").EnumerateArray().Single();
        Assert.AreEqual(12, exactPay.GetProperty("logs").GetInt32());
        Assert.AreEqual(16.5, exactPay.GetProperty("ehpUsd").GetProperty("median").GetDouble());
    }

    [TestMethod]
    public void A_rejected_import_exits_non_zero_names_line_and_column_and_writes_nothing()
    {
        using var db = new TestDatabase();
        var file = db.WriteFile("bad.csv", Rows.Csv(Rows.Valid("s1"), Rows.Valid("s2", ("paid_hours", "-2"))));

        var result = Cli.Run(db.Path, "import", "contracts", file);

        Assert.AreEqual(1, result.ExitCode);
        StringAssert.Contains(result.Stderr, "bad.csv: line 3: column 'paid_hours': -2 is negative");
        StringAssert.Contains(result.Stderr, "--skip-invalid");
        Assert.AreEqual(0L, db.Connection.ExecuteScalar<long>("SELECT count(*) FROM contracts"));

        var skipping = Cli.Run(db.Path, "import", "contracts", file, "--skip-invalid");
        Assert.AreEqual(0, skipping.ExitCode);
        StringAssert.Contains(skipping.Stdout, "1 added");
        StringAssert.Contains(skipping.Stdout, "1 rejected");
        StringAssert.Contains(skipping.Stderr, "rejected bad.csv: line 3: column 'paid_hours'");
    }

    [TestMethod]
    public void Bad_options_and_missing_files_are_clear_errors()
    {
        using var db = new TestDatabase();
        // Bad input or data is exit code 1, a bad command line 2; either way the message names what is wrong.
        Fails(db, 1, "--by: unknown dimension 'employer'", "stats", "--by", "employer");
        Fails(db, 1, "nope.csv: cannot read the file", "import", "contracts", Path.Combine(db.Folder, "nope.csv"));
        Fails(db, 2, "frobnicate", "frobnicate");
        Fails(db, 2, "'lots' for option '--k' as a whole number", "stats", "--k", "lots");
        // serve's settings are checked before it listens: a message, not a stack trace
        Fails(db, 1, "'soon' is not an interval", "serve", "--release-every", "soon");
        Fails(db, 1, "PUBLIC_K (--public-k): '1' is not a whole number of at least 2", "serve", "--public-k", "1");
        // the other verbs read the operator's k from the environment only, and say so
        var badEnvironment = Cli.RunWithEnvironment(db.Path, "", new Dictionary<string, string> { ["LABORWATCH_PUBLIC_K"] = "1" }, "stats");
        Assert.AreEqual(1, badEnvironment.ExitCode);
        StringAssert.Contains(badEnvironment.Stderr, "LABORWATCH_PUBLIC_K: '1' is not a whole number of at least 2");
    }

    static void Fails(TestDatabase db, int exitCode, string message, params string[] args)
    {
        var result = Cli.Run(db.Path, args);
        Assert.AreEqual(exitCode, result.ExitCode, string.Join(' ', args));
        StringAssert.Contains(result.Stderr, message);
    }

    [TestMethod]
    public void Raw_gives_back_the_bytes_a_posting_was_read_from_checked_against_its_hash()
    {
        using var db = new TestDatabase();
        var day1 = Repo.File("data", "fixtures", "postings", "day1");
        Assert.AreEqual(0, Cli.Run(db.Path, "scrape", "--offline", day1, "--observed-at", "2026-10-05").ExitCode);
        using var postings = JsonDocument.Parse(Cli.Run(db.Path, "postings", "--json").Stdout);
        var shas = postings.RootElement.EnumerateArray().Select(p => p.GetProperty("contentSha256").GetString()!).Distinct().ToList();
        Assert.IsGreaterThan(3, shas.Count);
        var files = Directory.EnumerateFiles(day1, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))));
        foreach (var sha in shas)
        {
            var copy = Path.Combine(db.Folder, sha + ".bin");
            var result = Cli.Run(db.Path, "raw", sha, "--out", copy);
            Assert.AreEqual(0, result.ExitCode, result.Stderr);
            CollectionAssert.AreEqual(File.ReadAllBytes(files[sha]), File.ReadAllBytes(copy), "the saved file's bytes, as they were");
        }
        var again = Cli.Run(db.Path, "raw", shas[0], "--out", Path.Combine(db.Folder, shas[0] + ".bin"));
        Assert.AreEqual(1, again.ExitCode);
        StringAssert.Contains(again.Stderr, "exists");
        StringAssert.Contains(Cli.Run(db.Path, "raw", new string('0', 64)).Stderr, "no page");
        StringAssert.Contains(Cli.Run(db.Path, "raw", "not-a-hash").Stderr, "is not 64 hex digits");
    }

    [TestMethod]
    public void Another_uri_is_a_clear_error_not_a_sqlite_file_in_a_folder_named_after_it()
    {
        foreach (var verb in new[] { "stats", "serve" })
        {
            var result = Cli.Run("mysql://lw:s3cret@localhost:3306/laborwatch", verb);
            Assert.AreEqual(1, result.ExitCode, result.Stdout + result.Stderr);
            StringAssert.Contains(result.Stderr, "'mysql://...' is not a store LaborWatch knows");
            Assert.IsFalse(result.Stderr.Contains("s3cret"), "the password is never echoed");
        }
        Assert.IsFalse(Directory.Exists(Path.Combine(Environment.CurrentDirectory, "mysql:")), "no folder named after the URI");
    }

    [TestMethod]
    public void A_postgresql_server_that_does_not_answer_is_a_clear_error_without_the_password()
    {
        // A loopback port nobody listens on (bound, then released).
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        foreach (var verb in new[] { "stats", "serve" })
        {
            var result = Cli.Run($"postgresql://lw:s3cret@127.0.0.1:{port}/laborwatch", verb);
            Assert.AreEqual(1, result.ExitCode, result.Stdout + result.Stderr);
            StringAssert.Contains(result.Stderr, $"postgresql://lw:***@127.0.0.1:{port}/laborwatch: cannot reach the PostgreSQL server");
            Assert.IsFalse(result.Stderr.Contains("s3cret"), "the password is never echoed");
        }
        Assert.IsFalse(Directory.Exists(Path.Combine(Environment.CurrentDirectory, "postgresql:")), "no folder named after the URI");
    }

    [TestMethod, TestCategory(TestStore.SqliteOnly)]   // PostgreSQL is backed up with pg_dump (docs/deploy.md)
    public void Backup_writes_a_consistent_copy_and_never_overwrites()
    {
        using var db = new TestDatabase();
        var rows = Enumerable.Range(1, 12).Select(i => Rows.Valid("w" + i)).ToArray();
        Assert.AreEqual(0, Cli.Run(db.Path, "import", "contracts", db.WriteFile("logs.csv", Rows.Csv(rows))).ExitCode);
        var copy = Path.Combine(db.Folder, "copy.db");
        var backup = Cli.Run(db.Path, "backup", "--out", copy);
        Assert.AreEqual(0, backup.ExitCode, backup.Stderr);
        using (var restored = LaborWatch.Data.Database.Open(copy))
            Assert.AreEqual(12L, Dapper.SqlMapper.ExecuteScalar<long>(restored, $"SELECT count(*) FROM contracts c WHERE {LaborWatch.Contracts.ReleasedLogs.Published}"));
        var again = Cli.Run(db.Path, "backup", "--out", copy);
        Assert.AreEqual(1, again.ExitCode);
        StringAssert.Contains(again.Stderr, "exists: give a new file");

        var nowhere = Path.Combine(db.Folder, "missing.db");
        var missing = Cli.Run(nowhere, "backup", "--out", Path.Combine(db.Folder, "copy2.db"));
        Assert.AreEqual(1, missing.ExitCode);
        StringAssert.Contains(missing.Stderr, "no database at");
        Assert.IsFalse(File.Exists(nowhere), "a backup never creates the database it was asked to copy");
        Assert.IsFalse(File.Exists(Path.Combine(db.Folder, "copy2.db")));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    [TestMethod]
    public void Stats_text_shows_n_and_marks_suppressed_groups()
    {
        using var db = new TestDatabase();
        var rows = Enumerable.Range(1, 11).Select(i => Rows.Valid("w" + i))
            .Append(Rows.Valid("lonely", ("platform", "Tiny")))
            .Append(Rows.Valid("alone", ("platform", "Wee")))
            .ToArray();
        Assert.AreEqual(0, Cli.Run(db.Path, "import", "contracts", db.WriteFile("logs.csv", Rows.Csv(rows))).ExitCode);

        var text = Cli.Run(db.Path, "stats", "--by", "platform", "--exact").Stdout;
        StringAssert.StartsWith(text, "EXACT figures for the database holder: NOT FOR PUBLICATION");
        StringAssert.Contains(Cli.Run(db.Path, "stats", "--by", "platform").Stdout, "one noisy synopsis of the release");

        var lines = text.Split('\n').Skip(1).TakeWhile(l => l.Length > 0).ToList();   // the pay table comes first
        StringAssert.Contains(lines.Single(l => l.StartsWith("Alpha")), " 11 ");
        StringAssert.Contains(lines.Single(l => l.StartsWith("Tiny")), "suppressed");
        StringAssert.Contains(lines.Single(l => l.StartsWith("Wee")), "suppressed");
        StringAssert.Contains(text, "fewer than 11 distinct submitters");
        StringAssert.Contains(text, "Cancellations by the platform");
        StringAssert.Contains(text, "Misclassification signals");
    }

    [TestMethod]
    public void The_db_path_comes_from_the_environment_when_not_given()
    {
        using var db = new TestDatabase();
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "LaborWatch.Cli.dll"));
        start.ArgumentList.Add("stats");
        var other = Path.Combine(db.Folder, "from-env.db");
        start.Environment["LABORWATCH_DB"] = other;
        using var p = System.Diagnostics.Process.Start(start)!;
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.AreEqual(0, p.ExitCode);
        Assert.IsTrue(File.Exists(other), "the verb created and migrated the file named by LABORWATCH_DB");
    }

    [TestMethod]
    public void Pay_parse_turns_each_stdin_line_into_one_json_line()
    {
        using var db = new TestDatabase();
        var result = Cli.RunWithInput(db.Path, "$25–35/hour\nupto $65 / hr\nno pay here\n", "pay-parse");
        Assert.AreEqual(0, result.ExitCode, result.Stderr);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual(3, lines.Length);
        Assert.AreEqual("{\"text\":\"$25\\u201335/hour\",\"min\":25,\"max\":35,\"currency\":\"USD\",\"unit\":\"hour\",\"upTo\":false,\"atLeast\":false}", lines[0]);
        using var second = JsonDocument.Parse(lines[1]);
        Assert.AreEqual(JsonValueKind.Null, second.RootElement.GetProperty("min").ValueKind);
        Assert.AreEqual(65m, second.RootElement.GetProperty("max").GetDecimal());
        Assert.IsTrue(second.RootElement.GetProperty("upTo").GetBoolean());
        Assert.AreEqual("{\"text\":\"no pay here\",\"min\":null,\"max\":null,\"currency\":null,\"unit\":null,\"upTo\":false,\"atLeast\":false}", lines[2]);
    }

    [TestMethod]
    public void Report_writes_each_format_and_refuses_an_unknown_one()
    {
        using var db = new TestDatabase();
        var rows = Enumerable.Range(1, 12).Select(i => Rows.Valid("w" + i)).ToArray();
        Assert.AreEqual(0, Cli.Run(db.Path, "import", "contracts", db.WriteFile("logs.csv", Rows.Csv(rows))).ExitCode);
        var out1 = Path.Combine(db.Folder, "out", "r.csv");
        var csv = Cli.Run(db.Path, "report", "--out", out1, "--platform", "Alpha");
        Assert.AreEqual(0, csv.ExitCode, csv.Stderr);
        foreach (var table in new[] { "pay", "cancellation", "misclassification", "postings", "pay_changes", "dictionary" })
            Assert.IsTrue(File.Exists(Path.Combine(db.Folder, "out", $"r.{table}.csv")), table);
        var zip = Cli.Run(db.Path, "report", "--out", Path.Combine(db.Folder, "r.zip"));
        Assert.AreEqual(0, zip.ExitCode, zip.Stderr);
        StringAssert.Contains(zip.Stdout, "r.zip");

        var pdf = Cli.Run(db.Path, "report", "--out", Path.Combine(db.Folder, "r.pdf"), "--tables", "none");
        Assert.AreEqual(0, pdf.ExitCode, pdf.Stderr);
        Assert.AreEqual("%PDF", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(Path.Combine(db.Folder, "r.pdf")), 0, 4));
        var badTables = Cli.Run(db.Path, "report", "--out", Path.Combine(db.Folder, "t.html"), "--tables", "some");
        Assert.AreEqual(1, badTables.ExitCode);
        StringAssert.Contains(badTables.Stderr, "--tables: 'some' is not all, top or none");

        var bad = Cli.Run(db.Path, "report", "--out", Path.Combine(db.Folder, "r.docx"));
        Assert.AreEqual(1, bad.ExitCode);
        StringAssert.Contains(bad.Stderr, "must end in .html, .pdf, .csv, .json, .zip");
        Assert.IsFalse(File.Exists(Path.Combine(db.Folder, "r.docx")));
        Assert.AreEqual(1, Cli.Run(db.Path, "report", "--out", Path.Combine(db.Folder, "r.json"), "--from", "2025-13").ExitCode);
    }
}
