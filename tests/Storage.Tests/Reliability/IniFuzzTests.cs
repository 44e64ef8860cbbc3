using StorageTyped.Parameters;

namespace StorageTyped.Tests.Reliability;

/// <summary>
/// The config.ini reader and the value parser against generated input: only the documented exception
/// (InvalidDataException naming the source) ever comes out of the reader, and the value parser never throws.
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
}
