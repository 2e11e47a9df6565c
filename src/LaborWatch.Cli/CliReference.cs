using System.CommandLine;
using System.Text;

namespace LaborWatch.Cli;

/// <summary>
/// docs/cli.md: every verb's `--help`, exactly as it prints, so the reference cannot say what the code does not.
/// A test compares the file with this; `scripts/cli-docs.sh` writes it again after a verb changes.
/// </summary>
public static class CliReference
{
    public static string Markdown()
    {
        var root = Verbs.Root();
        var text = new StringBuilder();
        text.Append("# Command-line reference\n\n");
        text.Append("Generated from `--help` by `scripts/cli-docs.sh`; a test fails when it is out of date. What each verb does\n");
        text.Append("and promises, in words: [verbs.md](verbs.md).\n\n");
        Section(text, root, "laborwatch", []);
        foreach (var command in root.Subcommands)
        {
            Section(text, root, $"laborwatch {command.Name}", [command.Name]);
            foreach (var sub in command.Subcommands)
                Section(text, root, $"laborwatch {command.Name} {sub.Name}", [command.Name, sub.Name]);
        }
        return text.ToString();
    }

    static void Section(StringBuilder text, RootCommand root, string title, string[] path)
    {
        var output = new StringWriter { NewLine = "\n" };
        root.Parse([.. path, "--help"]).Invoke(new InvocationConfiguration { Output = output, Error = output });
        // The program's own name is whatever runs it (LaborWatch.Cli, or a test host): say the command's.
        var help = output.ToString().Replace("\r\n", "\n").Replace($"  {root.Name} ", "  laborwatch ").TrimEnd();
        text.Append($"## `{title}`\n\n```\n{help}\n```\n\n");
    }
}
