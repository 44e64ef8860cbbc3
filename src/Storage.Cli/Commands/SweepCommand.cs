using System.CommandLine;

namespace StorageTyped.Cli.Commands;

/// <summary>runs sweep: the commands about sweeps (Sweep.RunAsync), each in a file of its own.</summary>
internal static class SweepCommand
{
    public static Command Create()
    {
        var sweep = new Command("sweep", "Sweeps made with Sweep.RunAsync: where their points stand, and submitting them to a Slurm cluster.");
        RunsCommand.SetHelp(sweep, """
            A sweep runs one run per point of a parameter grid (Sweep.RunAsync in a program). Each run's
            config.ini holds a [Sweep] section (point, attempt), which these commands read.
            """, """
              runs sweep status Net
              runs sweep status Net --points --format csv > points.csv
              runs sweep submit --tasks 8 --time 2:00:00 -- dotnet MySweep.dll
            """);
        sweep.Add(SweepStatusCommand.Create());
        sweep.Add(SweepSubmitCommand.Create());
        return sweep;
    }
}
