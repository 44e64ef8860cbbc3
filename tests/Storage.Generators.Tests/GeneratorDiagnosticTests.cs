using Microsoft.CodeAnalysis;

namespace StorageTyped.Generators.Tests;

/// <summary>Every diagnostic the generator reports (STG001–003, 005–011), each with a case that must not report it.</summary>
public sealed class GeneratorDiagnosticTests
{
    private static List<Diagnostic> Diagnose(string body, string usings = "")
    {
        LastSource = "using System; using System.Collections.Generic; using StorageTyped;\n" + usings + "\nnamespace Demo;\n" + body;
        var outcome = GeneratorHarness.Run(LastSource);
        return outcome.GeneratorDiagnostics.ToList();
    }

    private static Diagnostic Single(List<Diagnostic> diagnostics, string id)
    {
        var matching = diagnostics.Where(d => d.Id == id).ToList();
        Assert.True(matching.Count == 1, $"Expected one {id}, got: {string.Join("; ", diagnostics)}");
        return matching[0];
    }

    /// <summary>The source text a diagnostic points at (generator diagnostics carry a file path and span, not a tree).</summary>
    private static string Located(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetLineSpan();
        Assert.True(span.IsValid, $"{diagnostic.Id} has no location");
        var text = Microsoft.CodeAnalysis.Text.SourceText.From(LastSource);
        return text.ToString(diagnostic.Location.SourceSpan);
    }

    private static string LastSource = "";

    private static void AssertClean(string body)
    {
        var outcome = GeneratorHarness.Run("using System; using System.Collections.Generic; using StorageTyped;\nnamespace Demo;\n" + body);
        outcome.AssertCompilesCleanly();
    }

    [Fact]
    public void STG001_type_that_is_not_partial()
    {
        var diagnostic = Single(Diagnose("[RunParameters] public record P { public int A { get; init; } }"), "STG001");
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("P", Located(diagnostic));
        Assert.Contains("'P' must be declared partial", diagnostic.GetMessage());
        Assert.False(string.IsNullOrEmpty(diagnostic.Descriptor.Description.ToString()));

        AssertClean("[RunParameters] public partial record P { public int A { get; init; } }");
    }

    [Fact]
    public void STG001_containing_type_that_is_not_partial()
    {
        var diagnostic = Single(Diagnose("public class Outer { [RunParameters] public partial record P { public int A { get; init; } } }"), "STG001");
        Assert.Equal("Outer", Located(diagnostic));
        Assert.Contains("'Outer'", diagnostic.GetMessage());

        AssertClean("public partial class Outer { [RunParameters] public partial record P { public int A { get; init; } } }");
    }

    [Fact]
    public void STG002_property_type_that_cannot_live_in_ini()
    {
        var diagnostics = Diagnose("""
            [RunParameters] public partial record P
            {
                public int A { get; init; }
                public Dictionary<string, int> Map { get; init; } = new();
                public int[][] Jagged { get; init; } = [];
                public object? Anything { get; init; }
            }
            """);
        Assert.Equal(3, diagnostics.Count(d => d.Id == "STG002"));
        var map = diagnostics.Single(d => d.Id == "STG002" && Located(d) == "Map");
        Assert.Equal(DiagnosticSeverity.Error, map.Severity);
        Assert.Contains("'Map'", map.GetMessage());
        Assert.Contains("System.Collections.Generic.Dictionary<string, int>", map.GetMessage());
        Assert.Contains("[IgnoreParameter]", map.GetMessage());

        AssertClean("""
            [RunParameters] public partial record P
            {
                public int A { get; init; }
                [IgnoreParameter] public Dictionary<string, int> Map { get; init; } = new();
            }
            """);
    }

    [Fact]
    public void STG003_two_properties_with_one_key()
    {
        var diagnostic = Single(Diagnose("""
            [RunParameters] public partial record P
            {
                public double Rate { get; init; }
                [IniKey("RATE")] public double OtherRate { get; init; }
            }
            """), "STG003");
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("IniKey(\"RATE\")", Located(diagnostic));
        Assert.Contains("'Rate' and 'OtherRate'", diagnostic.GetMessage());

        AssertClean("""
            [RunParameters] public partial record P
            {
                public double Rate { get; init; }
                [IniKey("other_rate")] public double OtherRate { get; init; }
            }
            """);
    }

    [Fact]
    public void STG005_type_without_parameters()
    {
        var diagnostic = Single(Diagnose("""
            [RunParameters] public partial class P
            {
                public int Computed => 1;
                private int Hidden { get; set; }
                [IgnoreParameter] public int Ignored { get; set; }
            }
            """), "STG005");
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal("P", Located(diagnostic));

        AssertClean("[RunParameters] public partial class P { public int Counted { get; set; } }");
    }

    [Fact]
    public void STG006_key_that_is_not_a_valid_run_key()
    {
        var diagnostics = Diagnose("""
            [RunParameters] public partial record P
            {
                [IniKey("a/b")] public int Slash { get; init; }
                [IniKey(" padded")] public int Padded { get; init; }
                public int Con { get; init; }
            }
            """);
        Assert.Equal(3, diagnostics.Count(d => d.Id == "STG006"));
        var slash = diagnostics.Single(d => d.Id == "STG006" && d.GetMessage().Contains("'Slash'"));
        Assert.Equal(DiagnosticSeverity.Error, slash.Severity);
        Assert.Contains("path separator", slash.GetMessage());
        Assert.Contains(diagnostics, d => d.Id == "STG006" && d.GetMessage().Contains("reserved device name"));

        AssertClean("[RunParameters] public partial record P { [IniKey(\"a.b-c d\")] public int Fine { get; init; } }");
    }

    [Fact]
    public void STG007_member_named_Keys()
    {
        var diagnostic = Single(Diagnose("[RunParameters] public partial record P { public int A { get; init; } public string[] Keys { get; init; } = []; }"), "STG007");
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);

        // So is a parameter named Keys (it would be a constant of the Keys class); a method in a base type is hidden with 'new'.
        Single(Diagnose("public class Base { public int Keys { get; set; } } [RunParameters] public partial class P : Base { public int A { get; set; } }"), "STG007");
        AssertClean("public class Base { public int Keys() => 0; } [RunParameters] public partial class P : Base { public int A { get; set; } }");
    }

    [Fact]
    public void STG008_type_the_generated_code_cannot_create()
    {
        var generic = Single(Diagnose("[RunParameters] public partial record P<T> { public int A { get; init; } }"), "STG008");
        Assert.Contains("generic", generic.GetMessage());
        var abstractType = Single(Diagnose("[RunParameters] public abstract partial record P { public int A { get; init; } }"), "STG008");
        Assert.Contains("abstract", abstractType.GetMessage());
        var genericOuter = Single(Diagnose("public partial class Outer<T> { [RunParameters] public partial record P { public int A { get; init; } } }"), "STG008");
        Assert.Equal(DiagnosticSeverity.Error, genericOuter.Severity);

        var noConstructor = Single(Diagnose("""
            public class Base { public Base(int x) { } }
            [RunParameters] public partial class P : Base { public P(int y) : base(y) { } public int A { get; set; } }
            """), "STG008");
        Assert.Contains("parameterless constructor", noConstructor.GetMessage());

        AssertClean("[RunParameters] public sealed partial record P { public int A { get; init; } }");
        AssertClean("""
            public class Base { public Base(int x) { } }
            [RunParameters] public partial class P : Base { public P(int y) : base(y) { } private P() : base(0) { } public int A { get; set; } }
            """);
    }

    [Fact]
    public void STG009_section_that_is_not_valid()
    {
        var diagnostic = Single(Diagnose("[RunParameters(Section = \"a]b\")] public partial record P { public int A { get; init; } }"), "STG009");
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains("']'", diagnostic.GetMessage());
        Single(Diagnose("[RunParameters(Section = \"\")] public partial record P { public int A { get; init; } }"), "STG009");

        AssertClean("[RunParameters(Section = \"Training 2\")] public partial record P { public int A { get; init; } }");
    }

    [Fact]
    public void STG010_key_time_in_the_parameters_section()
    {
        var diagnostic = Single(Diagnose("[RunParameters] public partial record P { public double Time { get; init; } }"), "STG010");
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal("Time", Located(diagnostic));

        AssertClean("[RunParameters(Section = \"Simulation\")] public partial record P { public double Time { get; init; } }");
        AssertClean("[RunParameters] public partial record P { [IniKey(\"sim_time\")] public double Time { get; init; } }");
    }

    [Fact]
    public void STG011_type_that_cannot_have_a_grid()
    {
        var own = Single(Diagnose("[RunParameters] public partial record P { public int A { get; init; } public static int Grid() => 0; }"), "STG011");
        Assert.Equal(DiagnosticSeverity.Warning, own.Severity);
        Assert.Equal("P", Located(own));
        Assert.Contains("member named 'Grid'", own.GetMessage());
        Assert.Contains("'url'", Single(Diagnose("[RunParameters] public partial record P { public int Url { get; init; } [IniKey(\"big_url\")] public int URL { get; init; } }"), "STG011").GetMessage());
        Assert.Contains("baseline", Single(Diagnose("[RunParameters] public partial record P { public int Baseline { get; init; } }"), "STG011").GetMessage());
        Assert.Contains("'Cache'", Single(Diagnose("[RunParameters] public partial record P { public int A { get; init; } [IgnoreParameter] public required string Cache { get; init; } }"), "STG011").GetMessage());
        // The rest of the type's code is still generated: only Grid is left out.
        var outcome = GeneratorHarness.Run("using StorageTyped; namespace Demo; [RunParameters] public partial record P { public int Baseline { get; init; } }");
        Assert.Contains("class Keys", outcome.SingleSource);
        Assert.DoesNotContain("Grid(", outcome.SingleSource);

        AssertClean("[RunParameters] public partial record P { public int A { get; init; } public static int Grids() => 0; }");
        AssertClean("[RunParameters] public partial record P { public int BaselineValue { get; init; } public int Url { get; init; } }");
    }

    [Fact]
    public void Supported_shapes_compile_without_diagnostics()
    {
        AssertClean("""
            [RunParameters] public partial record Positional(int A, [IniKey("bee")] string B = "b", [IgnoreParameter] double C = 2.5);
            [RunParameters] public partial class WithPrimary(int seed) { public int Seed { get; set; } = seed; }
            [RunParameters] public partial struct PlainStruct { public int A { get; set; } = 4; public PlainStruct(int a) { A = a; } }
            [RunParameters] public partial class Required { public required int Must { get; init; } }
            [RunParameters] public partial record Derived : Positional { public Derived() : base(1) { } public int Extra { get; init; } }
            [RunParameters] public partial record @class { public int @int { get; init; } public int @event { get; init; } }
            """);
    }
}
