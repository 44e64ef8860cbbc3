using System.Numerics;

namespace StorageTyped.Typed.Tests;

/// <summary>SaveParams/LoadParams with generated code, against the dynamic API and config.ini itself.</summary>
public sealed class TypedParameterTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private StorageManager NewRun() => new("Typed", options: _temp.Options);

    private static string ConfigText(StorageManager sm) => File.ReadAllText(Path.Combine(sm.Path, "config.ini"));

    [Fact]
    public void Keys_are_snake_case_unless_IniKey_says_otherwise()
    {
        Assert.Equal("number_of_neurons", NetworkParams.Keys.NumberOfNeurons);
        Assert.Equal("lr", NetworkParams.Keys.LearningRate);
        Assert.Equal("label", Sweep.Keys.Name);
        Assert.Equal(["number_of_neurons", "lr", "score", "name", "mode", "layers"], ParameterKeysOf<NetworkParams>());
        Assert.Equal("Training", SectionOf<Experiments.TrainingSettings>());
    }

    private static IReadOnlyList<string> ParameterKeysOf<T>() where T : IRunParameters<T> => T.ParameterKeys;

    private static string SectionOf<T>() where T : IRunParameters<T> => T.Section;

    [Fact]
    public void A_record_saved_typed_reads_back_typed_and_dynamically()
    {
        var sm = NewRun();
        var saved = new NetworkParams { NumberOfNeurons = 2000, LearningRate = 1e-05, Score = null, Name = "big net", Mode = Mode.Accurate, Layers = [1, 2, 3], Cache = "changed" };
        sm.SaveParams(saved);

        var loaded = StorageManager.Open(sm.Path).LoadParams<NetworkParams>();
        Assert.Equal(saved with { Layers = loaded.Layers, Cache = "not stored" }, loaded);
        Assert.Equal([1, 2, 3], loaded.Layers);

        Assert.Equal(2000, sm.LoadParam("number_of_neurons"));
        Assert.Equal(1e-05, sm.LoadParam("lr"));
        Assert.True(sm.HasParam("score"));
        Assert.Null(sm.LoadParam("score"));
        Assert.Equal("big net", sm.LoadParam("name"));
        Assert.Equal("Accurate", sm.LoadParam("mode"));
        Assert.Equal(new[] { 1, 2, 3 }, sm.LoadParam("layers"));
#pragma warning disable STG004 // [IgnoreParameter] leaves 'cache' out: the analyzer rightly says no parameter has this key.
        Assert.False(sm.HasParam("cache"));
#pragma warning restore STG004
        Assert.Contains("lr = 1e-05\n", ConfigText(sm));
        Assert.Contains("score = None\n", ConfigText(sm));
        Assert.Contains("layers = [1, 2, 3]\n", ConfigText(sm));
    }

    [Fact]
    public void Values_saved_dynamically_load_typed()
    {
        var sm = NewRun();
        sm.SaveParamDict(new Dictionary<string, object?> { ["number_of_neurons"] = 1500, ["lr"] = 0.5, ["score"] = 0.93, ["mode"] = "Accurate", ["layers"] = new[] { 4, 5 } });
        var loaded = sm.LoadParams<NetworkParams>();
        Assert.Equal(1500, loaded.NumberOfNeurons);
        Assert.Equal(0.5, loaded.LearningRate);
        Assert.Equal(0.93, loaded.Score);
        Assert.Equal(Mode.Accurate, loaded.Mode);
        Assert.Equal([4, 5], loaded.Layers);
        Assert.Equal("net", loaded.Name);
    }

    [Fact]
    public void Absent_keys_keep_the_initializers_and_positional_defaults()
    {
        var sm = NewRun();
        var network = sm.LoadParams<NetworkParams>();
        Assert.Equal(new NetworkParams { Layers = network.Layers }, network);
        Assert.Equal([10, 20], network.Layers);

        // Seed is positional without a default: the run must have it.
        Assert.Contains("Sweep.Seed", Assert.Throws<KeyNotFoundException>(() => sm.LoadParams<Sweep>()).Message);
        sm.SaveParam(Sweep.Keys.Seed, 4);
        Assert.Equal(new Sweep(4, 0.5, "it's") { Steps = 1000 }, sm.LoadParams<Sweep>());

        var training = sm.LoadParams<Experiments.TrainingSettings>();
        Assert.Equal(10, training.Epochs);
        Assert.Equal("default note", training.Note);
        Assert.Equal(["a"], training.Tags);
        Assert.Equal(TimeSpan.FromMinutes(5), training.Budget);
    }

    [Fact]
    public void A_positional_record_struct_round_trips()
    {
        var sm = NewRun();
        var saved = new Sweep(7, 0.25, "quote ' and \" both") { Steps = 42 };
        sm.SaveParams(saved);
        Assert.Equal(saved, sm.LoadParams<Sweep>());
        Assert.Equal("quote ' and \" both", sm.LoadParam("label"));
    }

    [Fact]
    public void A_class_goes_to_its_own_section_and_null_strings_round_trip()
    {
        var sm = NewRun();
        sm.SaveParams(new Experiments.TrainingSettings { Epochs = 3, Note = null, Tags = ["x", "it's"], Budget = TimeSpan.FromSeconds(90.5) });
        Assert.Contains("[Training]\nepochs = 3\nnote = None\ntags = ['x', \"it's\"]\nbudget = 0:01:30.500000\n", ConfigText(sm));
        Assert.False(sm.HasParam("epochs"));
        var loaded = sm.LoadParams<Experiments.TrainingSettings>();
        Assert.Equal(3, loaded.Epochs);
        Assert.Null(loaded.Note);
        Assert.Equal(["x", "it's"], loaded.Tags);
        Assert.Equal(TimeSpan.FromSeconds(90.5), loaded.Budget);

        // The section can be chosen per call too.
        sm.SaveParams(new Experiments.TrainingSettings { Epochs = 9 }, section: "Other");
        Assert.Equal(9, sm.LoadParams<Experiments.TrainingSettings>("Other").Epochs);
        Assert.Equal(3, sm.LoadParams<Experiments.TrainingSettings>().Epochs);
    }

    public static TheoryData<AllTypes> Extremes() => new()
    {
        new AllTypes(),
        new AllTypes
        {
            Flag = true, SByteValue = sbyte.MinValue, ByteValue = byte.MaxValue, ShortValue = short.MinValue, UShortValue = ushort.MaxValue,
            IntValue = int.MinValue, UIntValue = uint.MaxValue, LongValue = long.MinValue, ULongValue = ulong.MaxValue,
            NIntValue = nint.MinValue, NUIntValue = nuint.MaxValue, Int128Value = Int128.MinValue, UInt128Value = UInt128.MaxValue,
            BigValue = BigInteger.Pow(7, 99), FloatValue = 0.1f, DoubleValue = double.NaN, HalfValue = (Half)0.333, DecimalValue = 79228162514264337593543950335m,
            CharValue = '%', Text = "50% [x] = y: z", MaybeText = null, Mode = Mode.Accurate,
            When = new DateTime(2024, 2, 29, 23, 59, 59, 999, DateTimeKind.Utc).AddTicks(9),
            WhenOffset = new DateTimeOffset(2001, 1, 2, 3, 4, 5, TimeSpan.FromHours(-7.5)),
            Duration = TimeSpan.FromDays(-3.25), Id = Guid.Parse("3f2504e0-4f89-11d3-9a0c-0305e82c3301"),
            MaybeFlag = null, MaybeInt = null, MaybeDouble = double.NegativeInfinity, MaybeFloat = null, MaybeMode = null, MaybeWhen = null,
            Ints = [int.MaxValue, -1, 0], MaybeDoubles = null, Words = ["", "a b", "it's", "quote\"", "back\\slash", "new\nline"],
            Holes = [1, null, 3], Rates = [0.5, 1e300, -0.0], Modes = null, Sizes = [long.MaxValue], Ids = [Guid.Empty],
            Durations = [TimeSpan.Zero, TimeSpan.FromMilliseconds(-1.5)],
        },
    };

    [Theory]
    [MemberData(nameof(Extremes))]
    public void Every_supported_type_round_trips(AllTypes saved)
    {
        var sm = NewRun();
        sm.SaveParams(saved);
        var loaded = sm.LoadParams<AllTypes>();
        var sameCollections = loaded with
        {
            Ints = saved.Ints, MaybeDoubles = saved.MaybeDoubles, Words = saved.Words, Holes = saved.Holes, Rates = saved.Rates,
            Modes = saved.Modes, Sizes = saved.Sizes, Ids = saved.Ids, Durations = saved.Durations,
        };
        Assert.Equal(saved, sameCollections);
        Assert.Equal(saved.Ints, loaded.Ints);
        Assert.Equal(saved.MaybeDoubles, loaded.MaybeDoubles);
        Assert.Equal(saved.Words, loaded.Words);
        Assert.Equal(saved.Holes, loaded.Holes);
        Assert.Equal(saved.Rates, loaded.Rates);
        Assert.Equal(saved.Modes, loaded.Modes);
        Assert.Equal(saved.Sizes, loaded.Sizes);
        Assert.Equal(saved.Ids, loaded.Ids);
        Assert.Equal(saved.Durations, loaded.Durations);
        Assert.Equal(saved.When.Kind, loaded.When.Kind);
    }

    [Fact]
    public void A_value_that_does_not_convert_names_run_key_text_and_type()
    {
        var sm = NewRun();
        sm.SaveParam("number_of_neurons", "many");
        var error = Assert.Throws<FormatException>(() => sm.LoadParams<NetworkParams>());
        Assert.Contains(sm.Path, error.Message);
        Assert.Contains("'number_of_neurons'", error.Message);
        Assert.Contains("'many'", error.Message);
        Assert.Contains("int", error.Message);

        sm.SaveParam("number_of_neurons", 5);
        sm.SaveParam("layers", "[1, 'two']");
        error = Assert.Throws<FormatException>(() => sm.LoadParams<NetworkParams>());
        Assert.Contains("'layers'", error.Message);
        Assert.Contains("element 1", error.Message);
    }

    [Fact]
    public void A_refused_value_writes_nothing()
    {
        var sm = NewRun();
        sm.SaveParams(new NetworkParams { NumberOfNeurons = 1 });
        string before = ConfigText(sm);
        var error = Assert.Throws<ArgumentException>(() => sm.SaveParams(new NetworkParams { NumberOfNeurons = 2, Name = "trailing space " }));
        Assert.Contains("'name'", error.Message);
        Assert.Equal(before, ConfigText(sm));
    }
}

/// <summary>Inheritance, primary constructors, required members and structs.</summary>
public sealed class TypedShapeTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_derived_record_saves_and_loads_the_inherited_parameters_too()
    {
        var sm = new StorageManager("Shapes", options: _temp.Options);
        sm.SaveParams(new DerivedParams { Seed = 9, Rate = 0.25 });
        Assert.Equal(new DerivedParams { Seed = 9, Rate = 0.25 }, sm.LoadParams<DerivedParams>());
        Assert.Equal(new BaseParams { Seed = 9 }, sm.LoadParams<BaseParams>());
        Assert.Equal("seed", DerivedParams.Keys.Seed);
        Assert.Equal("rate", DerivedParams.Keys.Rate);
    }

    [Fact]
    public void A_class_with_a_primary_constructor_and_a_required_member_loads()
    {
        var sm = new StorageManager("Shapes", options: _temp.Options);
        // A required member is required of the run too.
        var error = Assert.Throws<KeyNotFoundException>(() => sm.LoadParams<PrimaryConstructorParams>());
        Assert.Contains("'label'", error.Message);
        Assert.Contains("PrimaryConstructorParams.Label", error.Message);
        Assert.Contains(sm.Path, error.Message);

        sm.SaveParams(new PrimaryConstructorParams(5) { Label = "five" });
        var loaded = sm.LoadParams<PrimaryConstructorParams>();
        Assert.Equal(5, loaded.Size);
        Assert.Equal("five", loaded.Label);
    }

    [Fact]
    public void A_struct_keeps_its_initializers_when_keys_are_absent()
    {
        var sm = new StorageManager("Shapes", options: _temp.Options);
        Assert.Equal(3, new StructParams().Count);
        Assert.Equal(3, sm.LoadParams<StructParams>().Count);
        sm.SaveParams(new StructParams(7) { Enabled = true });
        var loaded = sm.LoadParams<StructParams>();
        Assert.Equal(7, loaded.Count);
        Assert.True(loaded.Enabled);
        Assert.Contains("enabled = True", File.ReadAllText(Path.Combine(sm.Path, "config.ini")));
    }

    [Fact]
    public void A_null_parameter_set_is_refused()
    {
        var sm = new StorageManager("Shapes", options: _temp.Options);
        Assert.Throws<ArgumentNullException>(() => sm.SaveParams<NetworkParams>(null!));
    }
}
