using System.CommandLine;
using LaborWatch.Data;

namespace LaborWatch.Cli;

public static partial class Verbs
{
    static Command RawCommand()
    {
        var command = new Command("raw", "write the bytes a scraped page or feed answer came as, by the SHA-256 every posting observation names (contentSha256), checked against it");
        var sha = new Argument<string>("SHA256") { Description = "the page's SHA-256, 64 hex digits" };
        var output = new Option<FileInfo?>("--out") { Description = "the file to write (must not exist); standard output when not given" };
        command.Arguments.Add(sha);
        command.Options.Add(output);
        command.SetAction(r => Run(r, database =>
        {
            var hash = r.GetValue(sha)!.Trim();
            if (hash.Length != 64 || !hash.All(char.IsAsciiHexDigit)) throw new ArgumentException($"SHA256: '{hash}' is not 64 hex digits");
            using var connection = Database.OpenMigrated(database);
            var bytes = LaborWatch.Postings.RawBodies.Read(connection, hash) ?? throw new ArgumentException($"SHA256: no page {hash} in this database");
            if (r.GetValue(output) is { } file)
            {
                if (file.Exists) throw new IOException($"--out: {file.FullName} exists: give a new file");
                File.WriteAllBytes(file.FullName, bytes);
            }
            else
            {
                using var stdout = Console.OpenStandardOutput();
                stdout.Write(bytes);
            }
        }));
        return command;
    }
}
