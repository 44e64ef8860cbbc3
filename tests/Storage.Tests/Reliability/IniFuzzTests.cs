using System.Text;
using System.Text.Json;
using StorageTyped.Parameters;

namespace StorageTyped.Tests.Reliability;

/// <summary>
/// The config.ini reader and the value parser against generated input: only the documented exception
/// (InvalidDataException naming the source) ever comes out of the reader, and the value parser never throws.
/// Generated files full of %(name)s references (chains, fans, cycles, bombs, references to DEFAULT and to nothing)
/// expand to what configparser gives, or are refused by file and key once a value would pass 1 MiB.
/// </summary>
public sealed class IniFuzzTests
{
    private static readonly string[] Seeds =
    {
        "[Parameters]\ntime = 1732456789.5\na = 1\nb: True\nc = [1, 2, 3]\n",
        "# comment\n[DEFAULT]\nbase = x\n\n[Parameters]\npath = %(base)s/y\nratio = 50%%\ntext = a\n    b\n\n    c\n",
        "[Parameters]\nd = {'a': [1.5, 'x'], 'b': (1,)}\ne = nan\nf = -inf\ng = 'quoted'\n[Other]\nx=y\n",
        "[Provenance]\nstatus = running\ncommand_line = dotnet run -- --size 400\n",
    };

    [Fact]
    public void The_reader_and_value_parser_survive_100000_mutated_files()
    {
        var mutator = new Mutator(seed: 8);
        int iterations = Mutator.Iterations(100_000);
        int rejected = 0;
        for (int i = 0; i < iterations; i++)
        {
            string input = mutator.Mutate(Seeds[i % Seeds.Length]);
            IniDocument document;
            try
            {
                document = IniReader.Parse(input, "fuzz.ini");
            }
            catch (InvalidDataException e)
            {
                Assert.Contains("fuzz.ini", e.Message);
                rejected++;
                continue;
            }
            foreach (var section in document.Sections.Append(document.Defaults))
            {
                foreach (string key in section.Keys)
                {
                    string value = document.Get(section.Name, key)!;
                    _ = ParameterText.ParseValue(value);
                    _ = ParameterText.TryParse<double[]>(value, out _);
                }
            }
            // What was read must be written back in a form that reads the same.
            var again = IniReader.Parse(IniWriter.ToText(document), "again.ini");
            foreach (var section in document.Sections)
                foreach (string key in section.Keys)
                    Assert.Equal(document.GetRaw(section.Name, key), again.GetRaw(section.Name, key));
        }
        Assert.InRange(rejected, 1, iterations - 1); // both paths were exercised
    }

    /// <summary>A config.ini whose values reference each other at random: literals, %% escapes, references to earlier,
    /// later and missing keys, to DEFAULT, to themselves, malformed references, and fans that multiply.</summary>
    private static string ReferenceFile(Random random)
    {
        int keys = 1 + random.Next(14);
        var text = new StringBuilder();
        bool defaults = random.Next(3) == 0;
        if (defaults) text.Append("[DEFAULT]\nd0 = ").Append(new string('d', random.Next(20))).Append("\nd1 = %(k0)s%(d0)s\n");
        text.Append("[Parameters]\n");
        for (int k = 0; k < keys; k++)
        {
            text.Append('k').Append(k).Append(" = ");
            int parts = random.Next(random.Next(10) == 0 ? 20 : 6);
            for (int p = 0; p < parts; p++)
            {
                switch (random.Next(20))
                {
                    case < 6: text.Append(new string((char)('a' + random.Next(26)), 1 + random.Next(random.Next(50) == 0 ? 3000 : 12))); break;
                    case < 8: text.Append("%%"); break;
                    case < 11: text.Append("%(k").Append(Target(random, k, keys)).Append(")s"); break;
                    case 11: text.Append("%(k").Append(k == 0 ? keys : k - 1).Append(")s"); break; // a chain
                    case < 14: text.Append(defaults ? "%(d" + random.Next(2) + ")s" : k == 0 ? "%(none)s" : "%(k0)s"); break;
                    case < 16: text.Append(random.Next(3) switch { 0 => "%(", 1 => "%(k0)", _ => "%x" }); break; // malformed
                    case 16 when random.Next(4) == 0: text.Append(string.Concat(Enumerable.Repeat("%(k" + Target(random, k, keys) + ")s", 2 + random.Next(random.Next(10) == 0 ? 12 : 2)))); break; // a fan
                    case 17: text.Append("%(K").Append(Target(random, k, keys)).Append(")s"); break; // keys are case-insensitive
                    default: text.Append(' ').Append(random.Next(1000)).Append(' '); break;
                }
            }
            text.Append("x\n");
        }
        return text.ToString();
    }

    /// <summary>
    /// The key a reference names: mostly an earlier one (the first key: a missing one); one in forty any key, itself
    /// included (cycles, which configparser refuses past depth 10 and which grow until the limit here).
    /// </summary>
    private static int Target(Random random, int key, int keys) =>
        random.Next(40) == 0 ? random.Next(keys + 2) : key == 0 ? keys + random.Next(2) : random.Next(key);

    [Fact]
    public void Generated_references_expand_as_configparser_does_or_are_refused_by_file_and_key()
    {
        var random = new Random(13);
        int iterations = Mutator.Iterations(100_000);
        int refused = 0, expanded = 0;
        var forPython = new List<(string File, Dictionary<string, string> Values)>();
        for (int i = 0; i < iterations; i++)
        {
            string file = ReferenceFile(random);
            IniDocument document = IniReader.Parse(file, $"refs{i}.ini");
            var values = new Dictionary<string, string>();
            foreach (string key in document.GetKeys("Parameters"))
            {
                try
                {
                    string value = document.Get("Parameters", key)!;
                    Assert.True(value.Length <= IniInterpolation.MaxExpandedLength, $"refs{i}.ini, {key}: {value.Length} characters");
                    values[key] = value;
                    expanded++;
                }
                catch (InvalidDataException e)
                {
                    Assert.Contains($"'refs{i}.ini', [Parameters] {key}:", e.Message);
                    refused++;
                }
            }
            if (forPython.Count < 2_000 && values.Values.Sum(v => v.Length) < 20_000) forPython.Add((file, values));
        }
        Assert.True(refused > 0 && expanded > refused, $"{refused} refused, {expanded} expanded");

        // configparser, on the same files: every value it gives is the one read here (it raises where references
        // go deeper than 10 or are malformed, where the value here keeps the text as written).
        string script = """
import configparser, json, sys
out = []
for text in json.load(open(sys.argv[1])):
    c = configparser.ConfigParser()
    c.read_string(text)
    values = {}
    for key in c['Parameters']:
        try:
            values[key] = c['Parameters'][key]
        except (configparser.InterpolationError, ValueError):
            pass
    out.append(values)
print(json.dumps(out))
""";
        string input = Path.Combine(Path.GetTempPath(), $"refs-{Guid.NewGuid():N}.json");
        File.WriteAllText(input, JsonSerializer.Serialize(forPython.Select(f => f.File)));
        try
        {
            var python = JsonSerializer.Deserialize<List<Dictionary<string, string>>>(ExternalTool.RunPython(script, input))!;
            int compared = 0;
            for (int f = 0; f < forPython.Count; f++)
                foreach (var (key, value) in python[f])
                {
                    if (!forPython[f].Values.TryGetValue(key, out string? ours)) continue; // refused here: too large
                    Assert.True(value == ours, $"file {f}, key {key}: configparser gives {value.Length} characters, here {ours.Length}\n{forPython[f].File}");
                    compared++;
                }
            Assert.True(compared > 1_000, $"only {compared} values compared with configparser");
        }
        finally
        {
            File.Delete(input);
        }
    }
}
