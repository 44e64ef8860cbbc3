using StorageTyped.Groups;
using StorageTyped.Groups.Query;

namespace StorageTyped.Tests.Reliability;

/// <summary>
/// The group query parser against generated input: a FormatException with a caret, or a query that runs; never
/// another exception, never a hang, never code. 100,000 inputs here; STORAGETYPED_FUZZ_ITERATIONS for the long job.
/// Nested queries up to 100,000 levels deep, mutated and not, run on a thread with a 256 KB stack.
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

    /// <summary>A query nested <paramref name="depth"/> levels: at each level parentheses, or a condition joined by and/or around the rest.</summary>
    private static string Nested(Random random, int depth)
    {
        var open = new System.Text.StringBuilder(depth * 4);
        var close = new char[depth * 2];
        int closing = close.Length;
        for (int level = 0; level < depth; level++)
        {
            switch (random.Next(4))
            {
                case 0: open.Append('('); close[--closing] = ')'; break;
                case 1: open.Append("(a > ").Append(random.Next(5)).Append(" or "); close[--closing] = ')'; break;
                case 2: open.Append("(c == True and "); close[--closing] = ')'; break;
                default: open.Append("(x < ").Append(random.Next(5)).Append(" and ("); close[--closing] = ')'; close[--closing] = ')'; break;
            }
        }
        return open.Append("score >= 0.3").Append(close, closing, close.Length - closing).ToString();
    }

    [Fact]
    public void Queries_nested_up_to_100000_levels_are_answered_or_refused_with_a_caret_on_a_small_stack()
    {
        for (int i = 0; i < 5; i++)
            GroupTestRunsFor(_temp, i);
        var group = new StorageManagerGroup("Q", options: _temp.Options);
        var random = new Random(21);
        var mutator = new Mutator(seed: 22);
        int iterations = Mutator.Iterations(100_000) / 100; // 1,000 here: a deep query is up to 1.5 MB of text
        int answered = 0, refused = 0, deepest = 0;
        SmallStack.Run(() =>
        {
            for (int n = 0; n < iterations; n++)
            {
                int depth = n == 0 ? 100_000 : (int)Math.Pow(100_000, random.NextDouble()); // log-uniform in [1, 100,000]
                deepest = Math.Max(deepest, depth);
                string query = Nested(random, depth);
                if (n % 2 == 1) query = mutator.Mutate(query);
                try
                {
                    _ = group.Select(query);
                    _ = group[query];
                    _ = StorageManagerGroup.GetQueryKeys(query);
                    answered++;
                }
                catch (FormatException e)
                {
                    Assert.Contains("^", e.Message);
                    refused++;
                }
            }
            return 0;
        });
        Assert.Equal(100_000, deepest);
        Assert.True(answered > 0 && refused > 0, $"answered {answered}, refused {refused}");
    }

    private static void GroupTestRunsFor(TempFolder temp, int i)
    {
        var sm = new StorageManager("Q", options: temp.Options);
        sm.SaveParamDict(new Dictionary<string, object?> { ["score"] = i * 0.3, ["a"] = i, ["c"] = i % 2 == 0, ["x"] = i });
    }
}
