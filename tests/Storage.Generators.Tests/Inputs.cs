namespace StorageTyped.Generators.Tests;

/// <summary>Representative [RunParameters] declarations whose generated source is checked in under Expected/.</summary>
public static class Inputs
{
    /// <summary>The record of DESIGN.md: init properties, an [IniKey], a nullable score, a file-scoped namespace.</summary>
    public const string NetworkParams = """
        using StorageTyped;

        namespace Demo.Sweeps;

        [RunParameters]
        public partial record NetworkParams
        {
            public int NumberOfNeurons { get; init; } = 100;
            [IniKey("lr")] public double LearningRate { get; init; } = 0.01;
            public double? Score { get; init; }
            public string Name { get; init; } = "net";
        }
        """;

    /// <summary>A positional record struct with defaults, an [IniKey] on a parameter and a body property.</summary>
    public const string PositionalRecordStruct = """
        using StorageTyped;

        namespace Demo
        {
            namespace Inner
            {
                public enum Mode { Fast, Accurate }

                [RunParameters]
                public readonly partial record struct Sweep(int Seed, double Rate = 0.5, [IniKey("label")] string Name = "it's", Mode Mode = Mode.Accurate)
                {
                    public long Steps { get; init; } = 1000;
                }
            }
        }
        """;

    /// <summary>A class with set and private-set properties, nested in a partial static class, in its own section.</summary>
    public const string NestedClass = """
        using System.Collections.Generic;
        using StorageTyped;

        namespace Demo.Training;

        public static partial class Experiments
        {
            public partial class Settings
            {
                [RunParameters(Section = "Training")]
                public partial class TrainingSettings
                {
                    public int Epochs { get; set; } = 10;
                    public string? Note { get; private set; }
                    public List<string> Tags { get; set; } = new();
                    [IgnoreParameter] public object? Cache { get; set; }
                    public int TwiceEpochs => Epochs * 2;
                    public static int Shared { get; set; }
                    internal int Hidden { get; set; }
                }
            }
        }
        """;

    /// <summary>Every supported type, its nullable form, and arrays and lists of them: tests/Shared/AllTypes.cs, which the typed tests compile.</summary>
    public static readonly string AllTypes = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Shared", "AllTypes.cs"));

    /// <summary>
    /// Grid shapes: a positional parameter without a default, a required member, a keyword argument name, an inherited
    /// parameter and a base type with a member named Grid (the generated one hides it).
    /// </summary>
    public const string GridShapes = """
        using StorageTyped;

        namespace Demo.Grids;

        public record Base
        {
            public int Seed { get; init; } = 1;
            public static string Grid => "base";
        }

        [RunParameters]
        public partial record Shapes(double Rate) : Base
        {
            public required string Label { get; init; }
            [IniKey("kind")] public int Class { get; init; } = 3;
        }
        """;
}
