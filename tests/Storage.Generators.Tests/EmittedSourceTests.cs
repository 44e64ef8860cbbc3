namespace StorageTyped.Generators.Tests;

/// <summary>The generated source for representative inputs, compared with reviewed files, and compiled.</summary>
public sealed class EmittedSourceTests
{
    [Theory]
    [InlineData(nameof(Inputs.NetworkParams))]
    [InlineData(nameof(Inputs.PositionalRecordStruct))]
    [InlineData(nameof(Inputs.NestedClass))]
    [InlineData(nameof(Inputs.AllTypes))]
    [InlineData(nameof(Inputs.GridShapes))]
    public void Generated_source_matches_the_reviewed_file_and_compiles(string input)
    {
        string source = (string)typeof(Inputs).GetField(input)!.GetValue(null)!;
        var outcome = GeneratorHarness.Run(source);
        outcome.AssertCompilesCleanly();
        ExpectedSource.Verify(outcome.SingleSource, input);
    }
}
