using System.Text.Json;

namespace StorageTyped.Tests.Groups;

/// <summary>Runs written by PymoNNto's Python StorageManager (its algorithm restated, run by real python3) load and query as ours do.</summary>
public sealed class PymoNNtoInteropTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    // PymoNNto's StorageManager as it writes: folder main_name (+ number), "_k" when it exists, config.ini through
    // ConfigParser with str(value) ('%' replaced by 'percent'), rewritten whole on every save_param.
    // Then PymoNNto's group operations on those runs: sort_by('score') and smg['number_of_neurons>1000'] (by eval).
    private const string Script = """
import sys, os, json, time, configparser
import numpy as np
data = sys.argv[1]
main = os.path.join(data, 'StorageManager', 'MyName')
os.makedirs(main, exist_ok=True)

def storage_manager(folder_name, number=None):
    name = folder_name + ('' if number is None else str(number))
    if os.path.isdir(os.path.join(main, name)):
        count = 0
        while os.path.isdir(os.path.join(main, name + '_{}'.format(count))):
            count += 1
        name += '_{}'.format(count)
    path = os.path.join(main, name)
    os.mkdir(path)
    config = configparser.ConfigParser()
    def save_param(key, value, section='Parameters'):
        if not config.has_section(section):
            config.add_section(section)
        config.set(section, key, str(value).replace('%', 'percent'))
        with open(os.path.join(path, 'config.ini'), 'w') as f:
            config.write(f)
    save_param('time', time.time())
    return name, save_param

runs = [
    ('MyName', None, {'number_of_neurons': 900, 'score': 0.25, 'Plastic': True, 'label': 'net a', 'rate': 1e-05, 'delays': [1, 2, 3]}),
    ('MyName', None, {'number_of_neurons': 1200, 'score': np.float64(0.75), 'Plastic': False, 'label': '50% done', 'rate': float('nan'), 'delays': (4, 5)}),
    ('MyName', None, {'number_of_neurons': 5000, 'score': 0.5, 'Plastic': True, 'label': 'x', 'rate': np.float32(0.1), 'delays': np.array([1, 2])}),
    ('MyName', 1234, {'number_of_neurons': 1001, 'score': -1, 'Plastic': None, 'label': "it's", 'rate': 2 ** 70, 'delays': {'a': 1}}),
    ('MyName', 7, {'number_of_neurons': 10, 'label': 'unfinished'}),
    ('MyNameOther', 1, {'number_of_neurons': 99999, 'score': 100.0}),
]
expected = {}
for folder_name, number, params in runs:
    name, save_param = storage_manager(folder_name, number)
    for key, value in params.items():
        save_param(key, value)
    expected[name] = params

def load_param(path, key, default=None, return_string=False):
    c = configparser.ConfigParser(); c.read(os.path.join(main, path, 'config.ini'))
    try:
        s = c.get('Parameters', key)
    except Exception:
        return default
    if return_string: return s
    if s == 'True': return True
    if s == 'False': return False
    try:
        return float(s) if '.' in s else int(s)
    except Exception:
        return s

tagged = [f for f in sorted(os.listdir(main)) if os.path.isdir(os.path.join(main, f)) and 'MyName' in f and not f.startswith('MyNameOther')]
with_score = [f for f in tagged if load_param(f, 'score') is not None]
by_score = sorted(with_score, key=lambda f: load_param(f, 'score', default=-np.inf))
big = [f for f in tagged if eval('number_of_neurons>1000'.replace('number_of_neurons', load_param(f, 'number_of_neurons', return_string=True)))]
def jsonable(v):
    if isinstance(v, float) and v != v: return 'NaN'
    if isinstance(v, (bool, int, float, str)) or v is None: return v
    return str(v)
print(json.dumps({'sorted': by_score, 'big': big, 'strings': {f: {k.lower(): load_param(f, k, return_string=True) for k in p} for f, p in expected.items()}}))
""";

    [Fact]
    public void Runs_written_by_PymoNNto_load_sort_and_query_as_PymoNNto_reads_them()
    {
        using var result = JsonDocument.Parse(ExternalTool.RunPython(Script, _temp.DataFolder));
        var root = result.RootElement;

        var smg = new StorageManagerGroup("MyName", options: _temp.Options);

        // Folders MyName, MyName_0, MyName_1 (PymoNNto's repeated runs), MyName7, MyName1234; not MyNameOther1.
        Assert.Equal(new[] { "MyName", "MyName_0", "MyName_1", "MyName7", "MyName1234" }, smg.Select(sm => sm.FolderName));

        // Every value is what configparser gives, read as LoadParam reads it (keys in lower case, as configparser keeps them).
        foreach (var run in root.GetProperty("strings").EnumerateObject())
        {
            if (run.Name.StartsWith("MyNameOther", StringComparison.Ordinal)) continue;
            int position = smg.StorageManagerList.Select(sm => sm.FolderName).ToList().IndexOf(run.Name);
            var single = StorageManager.Open(Path.Combine(smg.MainFolderPath, run.Name));
            foreach (var parameter in run.Value.EnumerateObject())
            {
                Assert.Equal(parameter.Value.GetString(), single.LoadParamText(parameter.Name));
                Assert.Equal(ParameterText.ParseValue(parameter.Value.GetString()!), smg.GetParamList(parameter.Name)[position]);
            }
        }
        Assert.Equal(true, smg.GetParamList("PLASTIC")[0]);
        Assert.Equal("50percent done", smg.GetParamList("label")[1]);
        Assert.Equal(System.Numerics.BigInteger.Pow(2, 70), smg.GetParamList("rate")[4]);

        // PymoNNto's sort_by and query give the same runs (PymoNNto puts runs without a score first, here they go last).
        smg.SortBy("score");
        Assert.Equal(root.GetProperty("sorted").EnumerateArray().Select(e => e.GetString()), smg.Select("score").Select(sm => sm.FolderName));
        var pymonntoBig = root.GetProperty("big").EnumerateArray().Select(e => e.GetString()).ToHashSet();
        Assert.Equal(pymonntoBig.OrderBy(n => n, StringComparer.Ordinal), smg.Select("number_of_neurons>1000").Select(sm => sm.FolderName).OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal(new object?[] { 1001, 1200, 5000 }, smg["number_of_neurons>1000"].OrderBy(v => (int)v!));
    }
}
