using System.CommandLine;
using StorageTyped.Cli.Output;

namespace StorageTyped.Cli.Commands;

/// <summary>runs groups: the main folders of the data folder with their run counts.</summary>
internal static class GroupsCommand
{
    public static Command Create()
    {
        var format = RunsCommand.Format();
        var command = new Command("groups", "List the groups (main folders) of the data folder with their run counts.");
        RunsCommand.SetHelp(command, """
            List the groups (main folders in Data/StorageManager) with the number of runs each holds:
            folders named <group><number> (MyName, MyName12, MyName_0, MyName12_3). Other folders are
            counted apart (runs made with another folder name; see --tag of the other commands).
            No config.ini is read, so this is quick for any number of runs.
            """, """
              runs groups
              runs groups --data ~/project/Data --format json
            """);
        command.Add(format);
        command.SetAction(result =>
        {
            var location = DataLocation.Resolve(result.GetValue(RunsCommand.Data));
            var table = new ResultTable(["group", "runs", "other_folders"]);
            foreach (string name in location.MainFolders())
            {
                int runs = StorageManagerGroup.ListRunFolders(name, name, location.Options).Count;
                int folders = Directory.EnumerateDirectories(Path.Combine(location.MainFoldersPath, name))
                    .Count(folder => !Path.GetFileName(folder).StartsWith('.'));
                table.Add(name, runs, folders - runs);
            }
            table.Caption = $"{table.Rows.Count} groups in {location.MainFoldersPath}";
            table.Write(result.GetValue(format));
            return 0;
        });
        return command;
    }
}
