using System.Text;
using StorageTyped.Parameters;

namespace StorageTyped.Tests.Parameters;

/// <summary>
/// %(name)s references that expand without bound (an interpolation bomb): a value may expand to at most 1 MiB;
/// beyond that reading it is an InvalidDataException naming file, section and key, and nothing else is affected.
/// </summary>
public sealed class InterpolationTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>The 857-byte file of the issue: twelve levels of ten references each (10¹¹ characters for x11).</summary>
    public static string Bomb(string section = "Parameters")
    {
        var text = new StringBuilder($"[{section}]\nx0 = aaaaaaaaaa\n");
        for (int level = 1; level < 12; level++)
            text.Append($"x{level} = ").Append(string.Concat(Enumerable.Repeat($"%(x{level - 1})s", 10))).Append('\n');
        return text.ToString();
    }

    private StorageManager RunWithConfig(string config)
    {
        var sm = new StorageManager("Bomb", options: _temp.Options with { RecordProvenance = false });
        File.WriteAllText(Path.Combine(sm.Path, "config.ini"), config);
        return sm;
    }

    [Fact]
    public void A_bomb_is_refused_by_file_and_key_and_the_other_values_still_read()
    {
        string bomb = Bomb();
        Assert.InRange(Encoding.UTF8.GetByteCount(bomb), 700, 900); // under 1 KB
        var sm = RunWithConfig(bomb);
        string config = Path.Combine(sm.Path, "config.ini");

        var e = HangGuard.Throws<InvalidDataException>(() => sm.LoadParam("x11"), "LoadParam of a bomb");
        Assert.Contains(config, e.Message);
        Assert.Contains("[Parameters] x11", e.Message);
        Assert.Throws<InvalidDataException>(() => sm.LoadParam<string>("x7"));
        Assert.Throws<InvalidDataException>(() => sm.LoadParamDict());
        Assert.Equal("aaaaaaaaaa", sm.LoadParam("x0"));
        Assert.Equal(new string('a', 100_000), sm.LoadParamText("x4")); // 100,000 characters: under the limit

        sm.SaveParam("score", 0.5); // writing another key keeps the file's bytes
        Assert.Equal(0.5, sm.LoadParam("score"));
        Assert.StartsWith(bomb, File.ReadAllText(config));
    }

    [Fact]
    public void References_to_empty_values_finish_at_once()
    {
        // Nine levels of ten references to an empty value: 10⁹ references for configparser, which works through
        // every one; here each referenced value is expanded once. With one more character at each level the values
        // grow tenfold a level, and the limit stops them.
        var text = new StringBuilder("[Parameters]\ne =\n");
        for (int level = 1; level <= 9; level++)
        {
            text.Append($"y{level} = ").Append(string.Concat(Enumerable.Repeat(level == 1 ? "%(e)s" : $"%(y{level - 1})s", 10))).Append('\n');
            text.Append($"z{level} = ").Append(string.Concat(Enumerable.Repeat(level == 1 ? "%(e)s" : $"%(z{level - 1})s", 10))).Append("x\n");
        }
        var sm = RunWithConfig(text.ToString());

        Assert.Equal("", HangGuard.Run(() => sm.LoadParamText("y9"), "LoadParam of empty references"));
        Assert.Equal(111_111, HangGuard.Run(() => sm.LoadParamText("z6"), "LoadParam of growing references")!.Length);
        Assert.Contains("[Parameters] z7", HangGuard.Throws<InvalidDataException>(() => sm.LoadParam("z7"), "LoadParam of growing references").Message);
        string python = ExternalTool.RunPython(
            "import sys, configparser\nc = configparser.ConfigParser()\nc.read(sys.argv[1])\nprint(len(c['Parameters']['z6']), repr(c['Parameters']['y5']))",
            Path.Combine(sm.Path, "config.ini")).Trim();
        Assert.Equal("111111 ''", python);
    }

    [Fact]
    public void The_limit_is_one_mebibyte_and_values_under_it_read_as_configparser_reads_them()
    {
        // 1,000 references to 1,000 characters: 1,001,000 with the references counted, under 1,048,576.
        string under = "[Parameters]\nx0 = " + new string('b', 1000) + "\nbig = " + string.Concat(Enumerable.Repeat("%(x0)s", 1000)) + "\n";
        string over = "[Parameters]\nx0 = " + new string('b', 1000) + "\nbig = " + string.Concat(Enumerable.Repeat("%(x0)s", 1048)) + "\n";
        var ok = RunWithConfig(under);
        string expanded = ok.LoadParamText("big")!;
        Assert.Equal(1_000_000, expanded.Length);
        string python = ExternalTool.RunPython(
            "import sys, configparser\nc = configparser.ConfigParser()\nc.read(sys.argv[1])\nprint(len(c['Parameters']['big']), c['Parameters']['big'] == 'b' * 1000000)",
            Path.Combine(ok.Path, "config.ini")).Trim();
        Assert.Equal("1000000 True", python);

        Assert.Throws<InvalidDataException>(() => RunWithConfig(over).LoadParamText("big"));
        Assert.Equal(IniInterpolation.MaxExpandedLength, 1 << 20);
    }

    [Fact]
    public void A_long_value_without_references_is_never_refused()
    {
        var sm = new StorageManager("Bomb", options: _temp.Options);
        string text = string.Concat(Enumerable.Repeat("100% ", 300_000)).TrimEnd(); // 1.5 million characters, many '%'
        sm.SaveParam("long", text);
        Assert.Equal(text, sm.LoadParamText("long"));
    }

    [Fact]
    public void A_bomb_in_the_default_section_and_in_another_section_is_named_there()
    {
        var sm = RunWithConfig(Bomb("DEFAULT") + "[Parameters]\na = 1\n" + Bomb("Other"));
        Assert.Contains("[Parameters] x11", Assert.Throws<InvalidDataException>(() => sm.LoadParam("x11")).Message);
        Assert.Contains("[Other] x9", Assert.Throws<InvalidDataException>(() => sm.LoadParam("x9", section: "Other")).Message);
        Assert.Equal(1, sm.LoadParam("a"));
    }
}
