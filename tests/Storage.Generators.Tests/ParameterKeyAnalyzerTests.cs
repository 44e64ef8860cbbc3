using Microsoft.CodeAnalysis;
using StorageTyped.Generators.Analyzers;

namespace StorageTyped.Generators.Tests;

/// <summary>STG004: string parameter names that match no [RunParameters] key, with the nearest key suggested.</summary>
public sealed class ParameterKeyAnalyzerTests
{
    private const string Parameters = Inputs.NetworkParams;

    private static List<Diagnostic> Analyze(string body, bool withParameters = true)
    {
        string code = "using StorageTyped;\nusing Demo.Sweeps;\nnamespace Demo;\npublic static class Use\n{\n    public static void Run(StorageManager sm, StorageManagerGroup smg)\n    {\n" + body + "\n    }\n}\n";
        var sources = withParameters ? new[] { Parameters, code } : new[] { code };
        return GeneratorHarness.Analyze(sources).ToList();
    }

    [Fact]
    public void A_misspelled_key_is_a_warning_with_the_nearest_key()
    {
        var diagnostic = Assert.Single(Analyze("""sm.LoadParam("scor");"""));
        Assert.Equal("STG004", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal("\"scor\"", diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
        Assert.Contains("'scor' is not the key of any [RunParameters] parameter", diagnostic.GetMessage());
        Assert.Contains("did you mean 'score' (NetworkParams.Keys.Score)?", diagnostic.GetMessage());
        Assert.Equal("score", diagnostic.Properties[ParameterKeyAnalyzer.SuggestedKeyProperty]);
        Assert.Equal("global::Demo.Sweeps.NetworkParams.Keys.Score", diagnostic.Properties[ParameterKeyAnalyzer.ConstantProperty]);
    }

    [Fact]
    public void Every_method_that_takes_a_parameter_name_is_checked()
    {
        var diagnostics = Analyze("""
            sm.SaveParam("numbr_of_neurons", 5);
            _ = sm.LoadParam<int>("number_of_neuron", 0);
            _ = sm.LoadParamText("lrr");
            _ = sm.HasParam("scores");
            smg.SortBy("scroe");
            _ = smg.GetParamList("learning_rate");
            _ = smg.GetMultiParamList(["score", "nope"]);
            _ = smg.GetMultiParamList(new[] { "lr", "nada" });
            _ = smg.GetMultiParamDict(["nix"], removeNone: false);
            """);
        // "nope", "nada" and "nix" are far from every key: dynamic parameters of their own, not typos.
        Assert.Equal(["numbr_of_neurons", "number_of_neuron", "lrr", "scores", "scroe", "learning_rate"],
            diagnostics.Select(d => d.GetMessage().Split('\'')[1]));
        Assert.All(diagnostics, d => Assert.Equal("STG004", d.Id));
    }

    [Fact]
    public void Query_strings_are_checked_key_by_key()
    {
        var diagnostics = Analyze("""
            _ = smg["number_of_neurons>1000 and scor < 0.5 or lr"];
            _ = smg.Select("nmber_of_neurons >= 10");
            _ = smg["score"];
            """);
        Assert.Equal(["scor", "nmber_of_neurons"], diagnostics.Select(d => d.GetMessage().Split('\'')[1]));
        // Inside a query the literal is not one key, so no constant is offered to replace it.
        Assert.All(diagnostics, d => Assert.False(d.Properties.ContainsKey(ParameterKeyAnalyzer.ConstantProperty)));
    }

    [Fact]
    public void Every_method_that_takes_a_query_reads_it_with_the_library_tokenizer()
    {
        var diagnostics = Analyze("""
            _ = smg.Where("scroe>1");
            _ = smg.Where("(lrr < 0.1) AND (label == 'nmber_of_neurons' OR number_of_neurons>=500)");
            _ = StorageManagerGroup.GetQueryKeys("scor");
            _ = smg.Select("True == numbr_of_neurons");
            _ = smg.Select("scroe > 1", section: "Provenance");
            _ = smg.Where("score >");
            """);
        // Parentheses, keywords in capitals, quoted strings (not names) and a key on the right side are read as the group
        // reads them; a query of a section no [RunParameters] type uses, and one that does not tokenize, are left alone.
        Assert.Equal(["scroe", "lrr", "scor", "numbr_of_neurons"], diagnostics.Select(d => d.GetMessage().Split('\'')[1]));
        Assert.Equal("\"scor\"", diagnostics[2].Location.SourceTree!.GetText().ToString(diagnostics[2].Location.SourceSpan));
    }

    [Fact]
    public void Known_keys_constants_other_sections_and_time_are_not_reported()
    {
        Assert.Empty(Analyze("""
            sm.SaveParam("number_of_neurons", 5);
            sm.SaveParam("Number_Of_Neurons", 5);
            _ = sm.LoadParam(NetworkParams.Keys.Score);
            _ = sm.LoadParam("time");
            _ = sm.LoadParam("status", section: "Provenance");
            string computed = "sc" + "ore" + System.Environment.ProcessorCount;
            _ = sm.LoadParam(computed);
            smg.SortBy("score");
            _ = smg["lr<0.1"];
            smg.AddVirtualMultiParameter("a_new_virtual_parameter", 1.0);
            """));
    }

    [Fact]
    public void Without_any_RunParameters_type_nothing_is_checked()
    {
        Assert.Empty(Analyze("""sm.LoadParam("anything_goes"); smg.SortBy("whatever");""", withParameters: false));
    }

    [Fact]
    public void A_key_far_from_every_known_key_is_a_dynamic_parameter_and_not_reported()
    {
        Assert.Empty(Analyze("""
            sm.SaveParam("completely_different_name", 1);
            sm.SaveParam("comment", "first try");
            _ = smg["use_gpu == True"];
            """));
    }

    [Theory]
    [InlineData("score", "score", 0)]
    [InlineData("scroe", "score", 1)]
    [InlineData("scor", "score", 1)]
    [InlineData("", "abc", 3)]
    [InlineData("kitten", "sitting", 3)]
    public void Edit_distance_counts_insertions_deletions_substitutions_and_swaps(string a, string b, int expected) =>
        Assert.Equal(expected, NearMiss.EditDistance(a, b));
}
