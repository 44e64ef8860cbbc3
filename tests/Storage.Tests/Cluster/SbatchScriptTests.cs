using System.Text;
using StorageTyped.Cluster;

namespace StorageTyped.Tests.Cluster;

/// <summary>
/// The sbatch script Slurm.Script writes (and Slurm.Submit submits): its text, bash quoting checked by a real bash,
/// and the refusal of every value Slurm or bash would not take as meant. The cluster tests
/// (tests/Storage.Cluster.Tests) run such scripts on a real Slurm cluster.
/// </summary>
public sealed class SbatchScriptTests
{
    [Fact]
    public void The_design_example_gives_a_job_array_with_its_options_and_the_command()
    {
        var submission = new SlurmSubmission { ArrayTasks = 8, CpusPerTask = 1, TimeLimit = TimeSpan.FromHours(1), Command = ["dotnet", "MySweep.dll"] };

        Assert.Equal("""
            #!/bin/bash
            # Written by StorageTyped (Slurm.Submit, runs sweep submit): a job array whose every task runs the
            # command below; in it Sweep.RunAsync runs the share SLURM_ARRAY_TASK_ID of SLURM_ARRAY_TASK_COUNT.
            #SBATCH --job-name=sweep
            #SBATCH --array=0-7
            #SBATCH --cpus-per-task=1
            #SBATCH --time=01:00:00
            #SBATCH --output=slurm-%A_%a.out
            set -e
            exec dotnet MySweep.dll

            """.Replace("\r\n", "\n"), Slurm.Script(submission));
    }

    [Fact]
    public void Every_option_is_written_in_order_and_values_with_more_than_plain_characters_are_quoted_for_sbatch()
    {
        var submission = new SlurmSubmission
        {
            Command = ["./my sweep", "--grid", "it's"],
            ArrayTasks = 1,
            MaxRunningTasks = 4,
            CpusPerTask = 16,
            TimeLimit = new TimeSpan(2, 3, 4, 5),
            Partition = "cpu,gpu",
            Account = "proj-42",
            Qos = "high",
            Memory = "8G",
            JobName = "my \"big\" sweep #1",
            Output = "logs/%x-%A_%a.out",
            Error = "logs dir/%A_%a.err",
            WorkingDirectory = "/scratch/me/back\\slash",
            Environment = new Dictionary<string, string> { ["OMP_NUM_THREADS"] = "1", ["A_NOTE"] = "two words" },
            Setup = ["module load dotnet/10", "cd \"$SLURM_SUBMIT_DIR\""],
            AdditionalOptions = ["--gres=gpu:1", "--exclusive", "--mail-user=me@example.org", "--comment=a #comment"],
        };

        Assert.Equal("""
            #!/bin/bash
            # Written by StorageTyped (Slurm.Submit, runs sweep submit): a job array whose every task runs the
            # command below; in it Sweep.RunAsync runs the share SLURM_ARRAY_TASK_ID of SLURM_ARRAY_TASK_COUNT.
            #SBATCH --job-name="my \"big\" sweep #1"
            #SBATCH --array=0%4
            #SBATCH --cpus-per-task=16
            #SBATCH --time=2-03:04:05
            #SBATCH --partition=cpu,gpu
            #SBATCH --account=proj-42
            #SBATCH --qos=high
            #SBATCH --mem=8G
            #SBATCH --output=logs/%x-%A_%a.out
            #SBATCH --error="logs dir/%A_%a.err"
            #SBATCH --chdir="/scratch/me/back\\slash"
            #SBATCH --gres=gpu:1
            #SBATCH --exclusive
            #SBATCH --mail-user=me@example.org
            #SBATCH --comment="a #comment"
            set -e
            export A_NOTE='two words'
            export OMP_NUM_THREADS=1
            module load dotnet/10
            cd "$SLURM_SUBMIT_DIR"
            exec './my sweep' --grid 'it'\''s'

            """.Replace("\r\n", "\n"), Slurm.Script(submission));
    }

    [Theory]
    [InlineData(0.4, "00:00:01")]
    [InlineData(90, "00:01:30")]
    [InlineData(3600, "01:00:00")]
    [InlineData(86399, "23:59:59")]
    [InlineData(86400, "1-00:00:00")]
    [InlineData(93784, "1-02:03:04")]
    [InlineData(864000 * 4, "40-00:00:00")]
    public void Time_limits_are_written_as_days_hours_minutes_seconds_rounded_up(double seconds, string expected) =>
        Assert.Equal(expected, SbatchScript.FormatTime(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Every_word_the_script_quotes_reaches_bash_exactly_as_given()
    {
        // Fixed hostile words and 300 random ones (quotes, backslashes, $, `, control characters, non-ASCII), all
        // printed back by a real bash, NUL-separated, into a file (read as bytes: no line ending is translated).
        var words = new List<string>
        {
            "", " ", "plain", "two words", "it's", "'", "''", "\"", "\\", "\\'", "$HOME", "${PATH}", "`id`", "$(id)", "!bang", "#x",
            "a;b", "a|b", "a&b", "*", "?", "~", "~root", "{a,b}", "<in", ">out", "\n", "\r\n", "\t", "\u0001", "\u007f", "\u0085",
            "é ✓ 東京 🚀", "--flag=x", "-e", "%A", "=", "a=b", "\u2028",
        };
        var random = new Random(20260501);
        const string alphabet = "aZ09 '\"\\$`!#;|&*?~{}<>()[]=%-_\n\r\t\u0001\u001b\u007f\u0085éü東🚀";
        var runes = alphabet.EnumerateRunes().Select(r => r.ToString()).ToArray();
        for (int i = 0; i < 300; i++)
            words.Add(string.Concat(Enumerable.Range(0, random.Next(0, 12)).Select(_ => runes[random.Next(runes.Length)])));

        string line = "printf '%s\\0' " + string.Join(' ', words.Select(BashWord.Quote));
        Assert.DoesNotContain('\r', line);
        Assert.DoesNotContain('\n', line);
        using var temp = new TempFolder();
        string script = Path.Combine(temp.Root, "words.sh"), printedFile = Path.Combine(temp.Root, "printed");
        File.WriteAllText(script, line + " > printed\n", new UTF8Encoding(false));
        // C locale: ANSI-C quoting must not depend on the locale of the task.
        ExternalTool.Run("bash", [script], temp.Root, new Dictionary<string, string?> { ["LC_ALL"] = "C" });
        string[] printed = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(File.ReadAllBytes(printedFile)).Split('\0');
        Assert.Equal(words.Count + 1, printed.Length);
        for (int i = 0; i < words.Count; i++)
            Assert.True(words[i] == printed[i], $"word {i}: {Escaped(words[i])} came back as {Escaped(printed[i])} (quoted {BashWord.Quote(words[i])})");
    }

    [Theory]
    [InlineData("plain-name_1.2@x+y:z,w/%", "plain-name_1.2@x+y:z,w/%")]
    [InlineData("two words", "\"two words\"")]
    [InlineData("a#b", "\"a#b\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData("back\\slash", "\"back\\\\slash\"")]
    [InlineData("it's", "\"it's\"")]
    [InlineData("$HOME", "\"$HOME\"")]
    public void Sbatch_values_are_bare_when_plain_and_double_quoted_with_escapes_otherwise(string value, string expected) =>
        Assert.Equal(expected, SbatchDirective.Quote(value));

    public static TheoryData<string, Func<SlurmSubmission, SlurmSubmission>, string> BadValues() => new()
    {
        { "Command", s => s with { Command = [] }, "is empty" },
        { "Command", s => s with { Command = [""] }, "empty program name" },
        { "Command", s => s with { Command = ["dotnet", "a\0b"] }, "NUL" },
        { "ArrayTasks", s => s with { ArrayTasks = 0 }, "is 0" },
        { "ArrayTasks", s => s with { ArrayTasks = -3 }, "is -3" },
        { "ArrayTasks", s => s with { ArrayTasks = 5_000_000 }, "MaxArraySize" },
        { "MaxRunningTasks", s => s with { MaxRunningTasks = 0 }, "at least 1" },
        { "CpusPerTask", s => s with { CpusPerTask = 0 }, "at least 1" },
        { "TimeLimit", s => s with { TimeLimit = TimeSpan.Zero }, "positive" },
        { "TimeLimit", s => s with { TimeLimit = TimeSpan.FromMinutes(-5) }, "positive" },
        { "Partition", s => s with { Partition = "debug cpu" }, "'debug cpu'" },
        { "Partition", s => s with { Partition = "" }, "a Slurm name" },
        { "Partition", s => s with { Partition = "a\"b" }, "a Slurm name" },
        { "Account", s => s with { Account = "a,b" }, "a Slurm name" },
        { "Qos", s => s with { Qos = "#high" }, "a Slurm name" },
        { "Memory", s => s with { Memory = "lots" }, "4G or 500M" },
        { "Memory", s => s with { Memory = "4 G" }, "4G or 500M" },
        { "JobName", s => s with { JobName = "" }, "non-empty" },
        { "JobName", s => s with { JobName = "two\nlines" }, "one line" },
        { "Output", s => s with { Output = "out\r.txt" }, "control characters" },
        { "Error", s => s with { Error = "" }, "non-empty" },
        { "WorkingDirectory", s => s with { WorkingDirectory = "/a\nb" }, "one line" },
        { "Environment", s => s with { Environment = new Dictionary<string, string> { ["1ABC"] = "x" } }, "not a shell variable name" },
        { "Environment", s => s with { Environment = new Dictionary<string, string> { ["A-B"] = "x" } }, "not a shell variable name" },
        { "Environment", s => s with { Environment = new Dictionary<string, string> { ["SLURM_ARRAY_TASK_ID"] = "3" } }, "leave it to Slurm" },
        { "Environment", s => s with { Environment = new Dictionary<string, string> { ["A"] = "x\0y" } }, "NUL" },
        { "Setup", s => s with { Setup = ["module load a\nmodule load b"] }, "one line of shell code" },
        { "AdditionalOptions", s => s with { AdditionalOptions = ["-N 2"] }, "one long sbatch option" },
        { "AdditionalOptions", s => s with { AdditionalOptions = ["--gres gpu:1"] }, "one long sbatch option" },
        { "AdditionalOptions", s => s with { AdditionalOptions = ["--comment=a\nb"] }, "one long sbatch option" },
        { "AdditionalOptions", s => s with { AdditionalOptions = ["--time=10"] }, "SlurmSubmission.TimeLimit sets" },
        { "AdditionalOptions", s => s with { AdditionalOptions = ["--array=0-3"] }, "SlurmSubmission.ArrayTasks sets" },
        { "AdditionalOptions", s => s with { AdditionalOptions = ["--export=NONE"] }, "SlurmSubmission.Environment sets" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void A_bad_value_is_refused_naming_the_property_before_anything_runs(string property, Func<SlurmSubmission, SlurmSubmission> change, string problem)
    {
        var bad = change(new SlurmSubmission { Command = ["dotnet", "MySweep.dll"], ArrayTasks = 4 });

        var error = Assert.ThrowsAny<ArgumentException>(() => Slurm.Script(bad));
        Assert.Equal(property, error.ParamName);
        Assert.StartsWith($"SlurmSubmission.{property} ", error.Message);
        Assert.Contains(problem, error.Message);
        Assert.Contains("Nothing was submitted.", error.Message);
        Assert.DoesNotContain('\n', error.Message.Split(" (Parameter")[0]);
        // Submit checks first too: the same refusal, with or without sbatch.
        var submitted = Assert.ThrowsAny<ArgumentException>(() => Slurm.SubmitLookingIn(bad, pathVariable: ""));
        Assert.Equal(error.Message, submitted.Message);
    }

    [Fact]
    public void Without_sbatch_on_PATH_submitting_says_what_to_install_and_submits_nothing()
    {
        using var temp = new TempFolder();
        var submission = new SlurmSubmission { Command = ["dotnet", "MySweep.dll"], ArrayTasks = 4 };

        var error = Assert.Throws<FileNotFoundException>(() => Slurm.SubmitLookingIn(submission, pathVariable: temp.Root));

        Assert.Equal("sbatch", error.FileName);
        Assert.Contains("sbatch was not found on PATH", error.Message);
        Assert.Contains("apt-get install slurm-client", error.Message);
        Assert.Contains("Nothing was submitted.", error.Message);
        // A file named sbatch that may not be executed is no sbatch either.
        File.WriteAllText(Path.Combine(temp.Root, "sbatch"), "#!/bin/sh\necho 1\n");
        Assert.Throws<FileNotFoundException>(() => Slurm.SubmitLookingIn(submission, pathVariable: temp.Root));
    }

    private static string Escaped(string value) =>
        "\"" + string.Concat(value.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString())) + "\"";
}
