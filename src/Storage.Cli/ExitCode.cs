namespace StorageTyped.Cli;

/// <summary>The exit codes of the runs tool, one per kind of failure, so that scripts can tell them apart.</summary>
internal enum ExitCode
{
    /// <summary>Done.</summary>
    Success = 0,

    /// <summary>An unexpected error (a bug: please report it with the message).</summary>
    UnexpectedError = 1,

    /// <summary>The command line is wrong: an unknown command or option, a missing argument, a value out of range.</summary>
    Usage = 2,

    /// <summary>The data folder does not exist (--data), or no folder named Data is found at or above the current directory.</summary>
    DataFolderNotFound = 3,

    /// <summary>The group (main folder) or run named does not exist.</summary>
    GroupNotFound = 4,

    /// <summary>The --where query is malformed (the message shows where, with a caret).</summary>
    MalformedQuery = 5,

    /// <summary>A column or parameter no run has (--columns, --sort, --by, --x …, or a key in --where), or one that is not numeric where numbers are needed.</summary>
    UnknownColumn = 6,

    /// <summary>A file cannot be read: a damaged config.ini or .npy file, or no permission.</summary>
    UnreadableFile = 7,

    /// <summary>The output file (-o) cannot be written.</summary>
    CannotWriteOutput = 8,

    /// <summary>Slurm's sbatch is not on PATH, refused the job or did not answer (runs sweep submit).</summary>
    SchedulerFailed = 9,
}

/// <summary>The exit codes as the help and the README list them.</summary>
internal static class ExitCodes
{
    /// <summary>One line per exit code.</summary>
    public const string Text = """
        Exit codes:
          0  done
          1  unexpected error (a bug: please report it)
          2  wrong command line (unknown option, missing argument, bad value)
          3  data folder not found (--data, or no Data folder at or above the current directory)
          4  group or run not found
          5  malformed --where query (the position is shown with a caret)
          6  unknown column or parameter, or one that is not numeric where numbers are needed
          7  a file cannot be read (damaged config.ini or .npy, no permission)
          8  the output file cannot be written
          9  sbatch is missing, refused the job or did not answer (runs sweep submit)
        """;
}
