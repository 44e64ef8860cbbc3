using System.Text.Json;

namespace StorageTyped.Typed.Tests;

/// <summary>Typed records against runs written and read by Debian's python3 and its configparser.</summary>
public sealed class PythonInteropTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>Writes a run folder the way PymoNNto's save_param does: configparser, values as str().</summary>
    private const string WriteWithConfigParser = """
        import sys, os, configparser
        folder = sys.argv[1]
        os.makedirs(folder, exist_ok=True)
        c = configparser.ConfigParser()
        c['Parameters'] = {}
        p = c['Parameters']
        p['time'] = str(1700000000.25)
        p['Number_Of_Neurons'] = str(1500)
        p['lr'] = str(0.001)
        p['score'] = str(None)
        p['name'] = str('python net')
        p['mode'] = str('Accurate')
        p['layers'] = str([3, 4, 5])
        p['unrelated'] = str({'a': 1})
        c['Training'] = {'epochs': str(12), 'note': '50%% done', 'tags': str(['x', "it's"]), 'budget': str(__import__('datetime').timedelta(minutes=2, seconds=3))}
        with open(os.path.join(folder, 'config.ini'), 'w') as f:
            c.write(f)
        """;

    [Fact]
    public void A_run_written_by_python_configparser_loads_typed()
    {
        string folder = Path.Combine(_temp.MainFolder("Py"), "Py1");
        ExternalTool.RunPython(WriteWithConfigParser, folder);

        var run = StorageManager.Open(folder);
        var network = run.LoadParams<NetworkParams>();
        Assert.Equal(1500, network.NumberOfNeurons);
        Assert.Equal(0.001, network.LearningRate);
        Assert.Null(network.Score);
        Assert.Equal("python net", network.Name);
        Assert.Equal(Mode.Accurate, network.Mode);
        Assert.Equal([3, 4, 5], network.Layers);

        var training = run.LoadParams<Experiments.TrainingSettings>();
        Assert.Equal(12, training.Epochs);
        Assert.Equal("50% done", training.Note);
        Assert.Equal(["x", "it's"], training.Tags);
        Assert.Equal(TimeSpan.FromSeconds(123), training.Budget);
    }

    private const string ReadWithConfigParser = """
        import sys, json, ast, configparser
        c = configparser.ConfigParser()
        assert c.read(sys.argv[1], encoding='utf-8') == [sys.argv[1]]
        p = c['Parameters']
        t = c['Training']
        print(json.dumps({
            'neurons': p.getint('number_of_neurons'),
            'lr': p.getfloat('lr'),
            'score': p.get('score'),
            'name': p.get('name'),
            'mode': p.get('mode'),
            'layers': ast.literal_eval(p.get('layers')),
            'tags': ast.literal_eval(t.get('tags')),
            'note': t.get('note'),
        }))
        """;

    [Fact]
    public void Python_configparser_reads_what_SaveParams_writes()
    {
        var sm = new StorageManager("Typed", options: _temp.Options);
        sm.SaveParams(new NetworkParams { NumberOfNeurons = 2000, LearningRate = 1e-05, Name = "net 2", Mode = Mode.Accurate, Layers = [7, 8] });
        sm.SaveParams(new Experiments.TrainingSettings { Note = "100% sure", Tags = ["q'uote", "b"] });

        using var json = JsonDocument.Parse(ExternalTool.RunPython(ReadWithConfigParser, Path.Combine(sm.Path, "config.ini")));
        var root = json.RootElement;
        Assert.Equal(2000, root.GetProperty("neurons").GetInt32());
        Assert.Equal(1e-05, root.GetProperty("lr").GetDouble());
        Assert.Equal("None", root.GetProperty("score").GetString());
        Assert.Equal("net 2", root.GetProperty("name").GetString());
        Assert.Equal("Accurate", root.GetProperty("mode").GetString());
        Assert.Equal([7, 8], root.GetProperty("layers").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(["q'uote", "b"], root.GetProperty("tags").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("100% sure", root.GetProperty("note").GetString());
    }
}
