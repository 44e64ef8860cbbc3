using System.Globalization;
using StorageTyped.Sweeps;

namespace StorageTyped.Tests.Sweeps;

/// <summary>A point's identity: stable across processes, cultures and key order; sensitive to every value.</summary>
public sealed class PointIdentityTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string IdOf(IReadOnlyDictionary<string, object?> point) =>
        PreparedPoint<IReadOnlyDictionary<string, object?>>.Prepare([point], DictionaryPointFormat.Instance)[0].Id;

    private static Dictionary<string, object?> Sample() => new()
    {
        ["number_of_neurons"] = 2000,
        ["learning_rate"] = 0.001,
        ["tiny"] = 1e-05,
        ["flag"] = true,
        ["layers"] = new[] { 10, 20 },
        ["label"] = "Iı İi ß 50%",
        ["nothing"] = null,
        ["big"] = 12345678901234L,
    };

    [Fact]
    public void The_id_is_the_same_for_any_key_order_and_key_case_and_leaves_time_out()
    {
        var sample = Sample();
        string id = IdOf(sample);
        Assert.Matches("^p[0-9a-f]{31}$", id);
        Assert.Equal(id, IdOf(sample.Reverse().ToDictionary()));
        Assert.Equal(id, IdOf(sample.ToDictionary(e => e.Key.ToUpperInvariant(), e => e.Value)));
        Assert.Equal(id, IdOf(new Dictionary<string, object?>(sample) { ["time"] = 1795530005.25 }));
    }

    [Fact]
    public void The_id_changes_with_every_value_and_every_key()
    {
        var sample = Sample();
        string id = IdOf(sample);
        var ids = new HashSet<string> { id };
        foreach (string key in sample.Keys)
        {
            var changed = new Dictionary<string, object?>(sample)
            {
                [key] = sample[key] switch
                {
                    int i => i + 1,
                    long l => l + 1,
                    double d => d * (1 + 1e-15),
                    bool b => !b,
                    int[] a => new[] { a[0], a[1] + 1 },
                    string s => s + "!",
                    null => 0,
                    _ => throw new InvalidOperationException(key),
                },
            };
            Assert.True(ids.Add(IdOf(changed)), $"changing {key} kept the id");
        }
        Assert.True(ids.Add(IdOf(new Dictionary<string, object?>(sample) { ["extra"] = 1 })));
        var renamed = new Dictionary<string, object?>(sample);
        renamed.Remove("tiny");
        renamed["tiny2"] = 1e-05;
        Assert.True(ids.Add(IdOf(renamed)));
        // An int and a float of the same number are different texts, so different points: "2" is not "2.0".
        Assert.NotEqual(IdOf(new Dictionary<string, object?> { ["x"] = 2 }), IdOf(new Dictionary<string, object?> { ["x"] = 2.0 }));
        // Keys and values are delimited: moving text from a value into the next key changes the id.
        Assert.NotEqual(IdOf(new Dictionary<string, object?> { ["a"] = "bc", ["d"] = "e" }), IdOf(new Dictionary<string, object?> { ["a"] = "b", ["cd"] = "e" }));
    }

    [Theory]
    [InlineData("de-DE")]
    [InlineData("tr-TR")]
    [InlineData("ar-SA")]
    public void The_id_is_the_same_in_every_culture(string culture)
    {
        string invariant;
        var saved = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            invariant = IdOf(Sample());
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
            Assert.Equal(invariant, IdOf(Sample()));
            // The Turkish I: "INDEX" lowered in tr-TR would be "ındex"; keys are lowered as configparser does, invariantly.
            Assert.Equal(IdOf(new Dictionary<string, object?> { ["index"] = 1 }), IdOf(new Dictionary<string, object?> { ["INDEX"] = 1 }));
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = saved;
        }
    }

    [Fact]
    public void Another_process_in_another_culture_computes_the_same_ids()
    {
        var expected = Enumerable.Range(0, 5).Select(i => IdOf(SweepTestRuns.Point(i))).ToList();
        foreach (string culture in new[] { "de-DE", "tr-TR" })
        {
            var output = ExternalTool.RunWorker(["point-ids", _temp.DataFolder, "5", culture]).Output;
            Assert.Equal(expected, output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
    }

    [Fact]
    public void Python_computes_the_same_id_from_its_own_values_with_the_documented_recipe()
    {
        // Python's str() writes what config.ini holds, so a script can name a point without the library.
        const string Recipe = """
            import hashlib
            point = {'number_of_neurons': 2000, 'learning_rate': 0.001, 'tiny': 1e-05, 'flag': True, 'layers': [10, 20],
                     'label': 'Iı İi ß 50%', 'nothing': None, 'big': 12345678901234, 'time': 1795530005.25}
            data = b''
            for key in sorted(k.lower().encode() for k in point if k.lower() != 'time'):
                value = str(point[key.decode()]).encode()
                data += str(len(key)).encode() + b':' + key + str(len(value)).encode() + b':' + value
            print('p' + hashlib.sha256(data).hexdigest()[:31])
            """;
        Assert.Equal(IdOf(Sample()), ExternalTool.RunPython(Recipe).Trim());
    }
}
