using System.CommandLine;
using LaborWatch.Contracts;
using LaborWatch.Data;

namespace LaborWatch.Cli;

public static partial class Verbs
{
    /// <summary>`codes issue --count N --out FILE` and `codes status`: one-time member codes a union hands its members.</summary>
    static Command CodesCommand()
    {
        var command = new Command("codes", "one-time member codes for a union to hand its members: a post with an unused code counts as its own worker wherever it comes from, and `serve --require-codes` publishes only posts that came with one");
        var count = new Option<int>("--count") { Description = "how many codes to issue (1 to 100,000)", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "the file to write the codes to, one a line (a new file, readable by its owner only)", Required = true };
        var issue = new Command("issue", "issue new codes and write them to a file: they are shown nowhere else, and the database keeps only their keyed hashes") { count, output };
        issue.SetAction(r => Run(r, database =>
        {
            var file = r.GetValue(output)!;
            if (file.Exists) throw new IOException($"--out: {file.FullName} exists: give a new file (codes are never written over)");
            var n = r.GetValue(count);
            if (n is < 1 or > 100_000) throw new ArgumentException($"--count: {n} is not from 1 to 100,000");
            using var connection = Database.OpenMigrated(database);
            // Stored, then written to an owner-only file: should the file fail, those codes exist but nobody holds them.
            var codes = MemberCodes.Issue(connection, n, DateOnly.FromDateTime(DateTime.UtcNow));
            AtomicFile.Write(file.FullName, temp =>
            {
                using var writer = new StreamWriter(temp);
                foreach (var code in codes) writer.WriteLine(code);
            }, overwrite: false, ownerOnly: true);
            Console.WriteLine($"issued {n:N0} member code(s) to {file.FullName}: hand one to each member; the database keeps only their keyed hashes, and a used code is deleted, so none can be tied to the report it came with");
        }));
        var status = new Command("status", "how many member codes were issued, used and left");
        status.SetAction(r => Run(r, database =>
        {
            using var connection = Database.OpenMigrated(database);
            var s = MemberCodes.Status(connection);
            Console.WriteLine($"{s.Issued:N0} member code(s) issued, {s.Used:N0} used, {s.Unused:N0} unused; posts publish {(LaborWatch.Privacy.Releases.RequiresCodes(connection) ? "only with a code (serve --require-codes)" : "with or without a code")}");
        }));
        command.Subcommands.Add(issue);
        command.Subcommands.Add(status);
        return command;
    }
}
