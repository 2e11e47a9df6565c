using System.CommandLine;
using LaborWatch.Data;

namespace LaborWatch.Cli;

public static partial class Verbs
{
    static Command BackupCommand()
    {
        var command = new Command("backup", "write a consistent copy of the database, even while serve is writing to it (SQLite VACUUM INTO); the copy is written whole or not at all");
        var output = new Option<FileInfo>("--out") { Description = "the file to write (must not exist)", Required = true };
        command.Options.Add(output);
        command.SetAction(r => Run(r, database =>
        {
            var file = r.GetValue(output)!;
            Backup.Write(database, file.FullName);
            Console.WriteLine($"wrote {file.FullName} ({new FileInfo(file.FullName).Length / 1024:N0} KiB)");
        }));
        return command;
    }
}
