using Microsoft.CodeAnalysis;

namespace StorageTyped.Generators.Tests;

/// <summary>The generated Grid(...) is checked by the compiler: its arguments are the properties' names, typed.</summary>
public sealed class GridTests
{
    private static List<Diagnostic> Errors(string call)
    {
        string user = "namespace Demo.Use; using System.Linq; using Demo.Sweeps;\npublic static class Use { public static object Points() => " + call + "; }";
        var outcome = GeneratorHarness.Run(Inputs.NetworkParams, user);
        return outcome.Compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
    }

    [Fact]
    public void A_grid_with_the_properties_names_and_types_compiles()
    {
        Assert.Empty(Errors("NetworkParams.Grid(numberOfNeurons: [500, 1000, 2000], learningRate: [0.01, 0.1], name: Enumerable.Range(0, 3).Select(i => \"n\" + i))"));
        Assert.Empty(Errors("NetworkParams.Grid(score: new double?[] { null, 0.5 }, baseline: new NetworkParams { Name = \"base\" })"));
        Assert.Empty(Errors("NetworkParams.Grid()"));
    }

    [Fact]
    public void A_misspelt_argument_does_not_compile()
    {
        var error = Assert.Single(Errors("NetworkParams.Grid(numberOfNeuron: [500])"));
        Assert.Equal("CS1739", error.Id); // the best overload has no parameter named 'numberOfNeuron'
        Assert.Contains("numberOfNeuron", error.GetMessage());
        Assert.NotEmpty(Errors("NetworkParams.Grid(NumberOfNeurons: [500])")); // the property's name is not the argument's
        Assert.NotEmpty(Errors("NetworkParams.Grid(lr: [0.1])"));                 // nor is the INI key
    }

    [Fact]
    public void A_value_of_the_wrong_type_does_not_compile()
    {
        Assert.NotEmpty(Errors("NetworkParams.Grid(numberOfNeurons: [0.5])"));
        Assert.NotEmpty(Errors("NetworkParams.Grid(name: [1, 2])"));
    }
}
