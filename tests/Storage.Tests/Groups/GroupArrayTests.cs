using System.Text.Json;
using static StorageTyped.Tests.Groups.GroupTestRuns;

namespace StorageTyped.Tests.Groups;

/// <summary>GetNpList over runs written here and by numpy.</summary>
public sealed class GroupArrayTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void GetNpList_loads_every_runs_array_in_the_group_order_with_null_where_missing()
    {
        var first = Create(_temp, "Arrays", 1, P(("score", 2.0)));
        var second = Create(_temp, "Arrays", 2, P(("score", 1.0)));
        Create(_temp, "Arrays", 3, P(("score", 3.0)));
        first.SaveNp("w", new[] { 1.0, 2.0, 3.0 });
        second.SaveNp("w", new[] { 4.0, 5.0 });
        var smg = new StorageManagerGroup("Arrays", options: _temp.Options);
        smg.SortBy("score");

        var typed = smg.GetNpList<double>("w");
        Assert.Equal(3, typed.Count);
        Assert.Equal(new[] { 4.0, 5.0 }, typed[0]);
        Assert.Equal(new[] { 1.0, 2.0, 3.0 }, typed[1]);
        Assert.Null(typed[2]);
        Assert.Equal(2, smg.GetNpList<double>("w", removeNone: true).Count);

        var arrays = smg.GetNpList("w", removeNone: true);
        try
        {
            Assert.Equal(2, arrays.Count);
            Assert.Equal(new[] { 4.0, 5.0 }, arrays[0]!.ToArray<double>());
            Assert.Equal(new[] { 1.0, 2.0, 3.0 }, arrays[1]!.ToArray<double>());
        }
        finally
        {
            foreach (var array in arrays) array?.Dispose();
        }
    }

    [Fact]
    public void GetNpList_reads_the_arrays_numpy_saved_in_PymoNNto_runs()
    {
        const string script = """
import sys, os, json, configparser
import numpy as np
main = os.path.join(sys.argv[1], 'StorageManager', 'Py')
expected = {}
for i, name in enumerate(['Py', 'Py_0', 'Py7']):
    path = os.path.join(main, name)
    os.makedirs(path)
    c = configparser.ConfigParser(); c.add_section('Parameters'); c.set('Parameters', 'i', str(i))
    with open(os.path.join(path, 'config.ini'), 'w') as f: c.write(f)
    a = np.random.default_rng(i).random(5 + i)
    np.save(os.path.join(path, 'arr.npy'), a)
    expected[name] = a.tolist()
print(json.dumps(expected))
""";
        var expected = JsonSerializer.Deserialize<Dictionary<string, double[]>>(ExternalTool.RunPython(script, _temp.DataFolder))!;
        var smg = new StorageManagerGroup("Py", options: _temp.Options);
        var arrays = smg.GetNpList<double>("arr");
        Assert.Equal(new[] { "Py", "Py_0", "Py7" }, smg.Select(sm => sm.FolderName));
        for (int i = 0; i < smg.Count; i++)
            Assert.Equal(expected[smg.StorageManagerList[i].FolderName], arrays[i]);
    }
}
