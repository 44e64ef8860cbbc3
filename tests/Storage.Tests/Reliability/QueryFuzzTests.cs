using StorageTyped.Groups;
using StorageTyped.Groups.Query;

namespace StorageTyped.Tests.Reliability;

/// <summary>
/// The group query parser against generated input: a FormatException with a caret, or a query that runs; never
/// another exception, never a hang, never code. 100,000 inputs here; STORAGETYPED_FUZZ_ITERATIONS for the long job.
/// </summary>
public sealed class QueryFuzzTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static readonly string[] Seeds =
    {
        "number_of_neurons>1000 and score>0.5",
        "(a >= 1 or b != 'x') and c == True",
        "name == \"net A\" or label <= -1.5e-3",
        "score",
        "__import__('os').system('touch pwned') == 0",
        "((x < 2) and (y > 3)) or not z",
        "flag == False and tag != None",
    };

    [Fact]
    public void The_parser_survives_100000_mutated_queries_and_never_runs_code()
    {
        var options = _temp.Options;
        for (int i = 0; i < 5; i++)
        {
            var sm = new StorageManager("Q", options: options);
            sm.SaveParamDict(new Dictionary<string, object?>
            {
                ["number_of_neurons"] = 500 * i, ["score"] = i * 0.3, ["a"] = i, ["b"] = "x", ["c"] = i % 2 == 0,
                ["name"] = "net A", ["label"] = -i, ["x"] = i, ["y"] = 4, ["flag"] = false, ["tag"] = "t",
            });
        }
        var group = new StorageManagerGroup("Q", options: options);
        var mutator = new Mutator(seed: 5);
        int iterations = Mutator.Iterations(100_000);
        int parsed = 0, refused = 0;
        for (int n = 0; n < iterations; n++)
        {
            string query = mutator.Mutate(Seeds[n % Seeds.Length]);
            try
            {
                QueryParser.Parse(query);
            }
            catch (FormatException e)
            {
                Assert.Contains("^", e.Message);
                refused++;
                continue;
            }
            parsed++;
            // Every thousandth parsed query also runs against real runs.
            if (parsed % 1000 == 0)
            {
                _ = group.Select(query);
                _ = group[query];
            }
        }
        Assert.True(parsed > 0 && refused > 0, $"parsed {parsed}, refused {refused}");
        Assert.False(File.Exists(Path.Combine(Environment.CurrentDirectory, "pwned")));
    }
}
