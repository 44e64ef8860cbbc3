using System.Numerics;

namespace StorageTyped.Typed.Tests;

[RunParameters]
public partial record NetworkParams
{
    public int NumberOfNeurons { get; init; } = 100;
    [IniKey("lr")] public double LearningRate { get; init; } = 0.01;
    public double? Score { get; init; }
    public string Name { get; init; } = "net";
    public Mode Mode { get; init; } = Mode.Fast;
    public int[] Layers { get; init; } = [10, 20];
    [IgnoreParameter] public string Cache { get; init; } = "not stored";
}

[RunParameters]
public partial record struct Sweep(int Seed, double Rate = 0.5, [IniKey("label")] string Name = "it's")
{
    public long Steps { get; init; } = 1000;
}

public static partial class Experiments
{
    [RunParameters(Section = "Training")]
    public partial class TrainingSettings
    {
        public int Epochs { get; set; } = 10;
        public string? Note { get; set; } = "default note";
        public List<string> Tags { get; set; } = ["a"];
        public TimeSpan Budget { get; set; } = TimeSpan.FromMinutes(5);
    }
}

/// <summary>A base parameter set and a derived one that adds to it.</summary>
[RunParameters]
public partial record BaseParams
{
    public int Seed { get; init; } = 1;
}

[RunParameters]
public partial record DerivedParams : BaseParams
{
    public double Rate { get; init; } = 0.5;
}

/// <summary>A class with a primary constructor whose parameter initializes a property, and a required member.</summary>
[RunParameters]
public partial class PrimaryConstructorParams(int size)
{
    public int Size { get; set; } = size;
    public required string Label { get; init; }
}

/// <summary>A plain struct with an initializer.</summary>
[RunParameters]
public partial struct StructParams
{
    public StructParams(int count) => Count = count;
    public int Count { get; set; } = 3;
    public bool Enabled { get; set; }
}
