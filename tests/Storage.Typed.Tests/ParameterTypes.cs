using System.Numerics;

namespace StorageTyped.Typed.Tests;

public enum Mode { Fast, Accurate }

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

[RunParameters]
public partial record AllTypes
{
    public bool Flag { get; init; }
    public sbyte SByteValue { get; init; }
    public byte ByteValue { get; init; }
    public short ShortValue { get; init; }
    public ushort UShortValue { get; init; }
    public int IntValue { get; init; }
    public uint UIntValue { get; init; }
    public long LongValue { get; init; }
    public ulong ULongValue { get; init; }
    public nint NIntValue { get; init; }
    public nuint NUIntValue { get; init; }
    public Int128 Int128Value { get; init; }
    public UInt128 UInt128Value { get; init; }
    public BigInteger BigValue { get; init; }
    public float FloatValue { get; init; }
    public double DoubleValue { get; init; }
    public Half HalfValue { get; init; }
    public decimal DecimalValue { get; init; }
    public char CharValue { get; init; } = 'x';
    public string Text { get; init; } = "";
    public string? MaybeText { get; init; } = "set";
    public Mode Mode { get; init; }
    public DateTime When { get; init; }
    public DateTimeOffset WhenOffset { get; init; }
    public TimeSpan Duration { get; init; }
    public Guid Id { get; init; }
    public bool? MaybeFlag { get; init; } = true;
    public int? MaybeInt { get; init; } = 1;
    public double? MaybeDouble { get; init; } = 1;
    public Mode? MaybeMode { get; init; } = Mode.Fast;
    public DateTime? MaybeWhen { get; init; } = DateTime.UnixEpoch;
    public int[] Ints { get; init; } = [];
    public double[]? MaybeDoubles { get; init; } = [1.0];
    public string[] Words { get; init; } = [];
    public int?[] Holes { get; init; } = [];
    public List<double> Rates { get; init; } = [];
    public List<Mode>? Modes { get; init; } = [];
    public IReadOnlyList<long> Sizes { get; init; } = [];
    public IList<Guid> Ids { get; init; } = new List<Guid>();
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
