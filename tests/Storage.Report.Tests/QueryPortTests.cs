using System.Numerics;
using System.Text.Json;

namespace StorageTyped.Report.Tests;

/// <summary>
/// The report's query language is a JavaScript port of the library's: the same queries, run through smg.Select and
/// through the page's select() on the same runs, select the same runs; malformed ones fail with the same message.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class QueryPortTests(Chromium chromium) : IDisposable
{
    private static readonly string[] ValidQueries =
    [
        "a", "a > 1", "1 < a", "a == 1.0", "a != 2", "a >= 2 and a <= 3", "a == None", "a != None", "a > 1_0", "a < +3", "a > .5",
        "a == 1e0", "A >= 2", "s", "s == 'a'", "s == \"a\"", "s > 'a'", "s < 'b'", "s == ''", "s != 'a'", "s == 'it\\'s'", "s == 'é'",
        "s > 1", "f", "f == f", "f != f", "f > 0", "f < 0", "f == 0", "f == -0.0", "f > 1e300", "f < -1e300", "f == 1e-05", "f >= 1e16",
        "flag", "flag == True", "flag == 1", "flag != False", "flag > 0", "l", "l == l", "l != l", "l != 1", "l == 1", "big > 1000000000",
        "big >= 1152921504606846976", "big < 0", "missing_key", "missing_key != 1", "missing_key == None", "a > 1 and s", "a > 1 or s",
        "(a > 1 or s) and flag", "a > 1 and (s == 'b' or f != f)", "not_here or a == 3", "a == s", "a < f", "s == s", "none_value",
        "none_value == None", "none_value != 0", "a >= 2 AND s == 'b' OR flag == TRUE", "nan", "inf > 1", "a == nan",
    ];

    private static readonly string[] MalformedQueries =
    [
        "", "   ", "a >", "> 1", "a = 1", "a => 1", "a ! 1", "a !", "a && b", "a & b", "a || b", "not a", "(a > 1", "a > 1)", "'x'", "1",
        "1 < 2", "a < b < c", "a > 1 b", "a 'x'", "'unclosed", "a == \"x", "a == (1)", "a >< 1", "a > 1 and", "or a", "and", "()", "(a",
        "a > 1 or (s == 'x'", "a ==", "a == and", "((a > 1) or", "a > 1 (b)", "True", "None == 1",
    ];

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task The_same_queries_select_the_same_runs_and_malformed_ones_fail_with_the_same_message()
    {
        object?[][] values =
        [
            [1, "a", 0.5, true, new[] { 1, 2 }, BigInteger.Pow(2, 60), null],
            [2, "b", double.NaN, false, Array.Empty<int>(), BigInteger.Pow(10, 20), null],
            [3, "", double.PositiveInfinity, true, new Dictionary<string, int> { ["x"] = 1 }, -5L, 0],
            [2.5, "it's", double.NegativeInfinity, false, new[] { 1, 2 }, 0, 1.0],
            [null, "é", 0.0, null, null, null, "x"],
            [10, "B", -0.0, true, new[] { "a" }, 1, null],
            [1.0, "a", 1e-5, false, new double[] { 1.5 }, 7, null],
            [0, "A", 1e16, true, new[] { 1, 2 }, 12, null],
            [-1, "b", 3.0, false, null, null, null],
        ];
        string[] keys = ["a", "s", "f", "flag", "l", "big", "none_value"];
        for (int r = 0; r < values.Length; r++)
        {
            var parameters = new Dictionary<string, object?>();
            for (int k = 0; k < keys.Length; k++)
                if (!(r == 8 && k > 2) && !(r == 4 && k is 3 or 4 or 5)) parameters[keys[k]] = values[r][k];
            if (r != 8) parameters["none_value"] = values[r][6];
            new StorageManager("Kinds", options: _temp.Options).SaveParamDict(parameters);
        }
        new StorageManager("Kinds", options: _temp.Options); // a run with no parameter at all
        var smg = new StorageManagerGroup("Kinds", options: _temp.Options);
        string path = smg.WriteReport(Path.Combine(_temp.Root, "kinds.html"), new ReportOptions { Metrics = [] });
        await using var report = await chromium.OpenAsync(path);

        foreach (string query in ValidQueries)
        {
            var expected = smg.Select(query).Select(run => run.FolderName).ToArray();
            string[] actual = await report.Page.EvaluateFunctionAsync<string[]>("q => window.report.select(q)", query);
            Assert.True(expected.SequenceEqual(actual), $"'{query}': the library selects [{string.Join(", ", expected)}], the page [{string.Join(", ", actual)}]");
        }
        foreach (string query in MalformedQueries)
        {
            var error = Assert.Throws<FormatException>(() => smg.Select(query));
            string? message = await report.Page.EvaluateFunctionAsync<string?>("q => { try { window.report.select(q); return null; } catch (e) { return e.message; } }", query);
            Assert.True(error.Message == message, $"'{query}': the library says\n{error.Message}\nthe page says\n{message}");
        }
        // Values are shown as config.ini holds them (Python's str()).
        string[] shown = await report.ColumnTexts("p:f");
        Assert.Equal(["0.5", "nan", "inf", "-inf", "0.0", "-0.0", "1e-05", "1e+16", "3.0", ""], shown);
        Assert.Empty(report.Errors);
    }

    [Fact]
    public async Task Deep_and_long_queries_are_refused_or_answered_as_the_library_does()
    {
        for (int i = 1; i <= 5; i++)
            new StorageManager("Deep", options: _temp.Options).SaveParamDict(new Dictionary<string, object?> { ["a"] = i, ["b"] = i % 2 == 0 });
        var smg = new StorageManagerGroup("Deep", options: _temp.Options);
        string path = smg.WriteReport(Path.Combine(_temp.Root, "deep.html"), new ReportOptions { Metrics = [] });
        await using var report = await chromium.OpenAsync(path);

        static string Nested(int depth, string inner) => new string('(', depth) + inner + new string(')', depth);
        var alternating = new System.Text.StringBuilder("a > 3");
        for (int level = 0; level < 100; level++) alternating.Insert(0, level % 2 == 0 ? "(a < 0 or " : "(b == True and ").Append(')');
        string[] answered =
        [
            Nested(100, "a > 2"), alternating.ToString(),
            string.Join(" or ", Enumerable.Range(1, 100_000).Select(i => $"a == {-i}")) + " or a == 3",
            string.Join(" and ", Enumerable.Repeat("a > 0", 20_000)) + " and b == True",
            string.Join(" or ", Enumerable.Range(0, 50_000).Select(i => $"(a == {i % 7} and b == {(i % 2 == 0 ? "True" : "False")})")),
        ];
        string[] refused = [Nested(101, "a"), Nested(6000, "a > 0"), "b or " + Nested(101, "a > 0"), Nested(100_000, "a")];

        foreach (string query in answered)
        {
            var expected = smg.Select(query).Select(run => run.FolderName).ToArray();
            Assert.NotEmpty(expected);
            string[] actual = await report.Page.EvaluateFunctionAsync<string[]>("q => window.report.select(q)", query);
            Assert.True(expected.SequenceEqual(actual), $"'{query[..Math.Min(60, query.Length)]}…': the library selects [{string.Join(", ", expected)}], the page [{string.Join(", ", actual)}]");
        }
        foreach (string query in refused)
        {
            var error = Assert.Throws<FormatException>(() => smg.Select(query));
            Assert.Contains("nest more than 100 deep", error.Message);
            string? message = await report.Page.EvaluateFunctionAsync<string?>("q => { try { window.report.select(q); return null; } catch (e) { return e.message; } }", query);
            Assert.True(error.Message == message, $"'{query[..60]}…': the library says\n{error.Message[..200]}\nthe page says\n{message?[..Math.Min(200, message.Length)]}");
        }
        Assert.Empty(report.Errors);
    }

    [Fact]
    public async Task Python_float_repr_in_the_page_matches_Python()
    {
        double[] numbers = [0.1, 1.0, 1e-5, 1e-4, 0.0001234, 123456789012345.6, 1e15, 1e16, 1.5e16, 2.5e-300, 1.7976931348623157e308, 5e-324, 1 / 3.0, 100.0, 12345678.9];
        string path = Path.Combine(_temp.Root, "empty.html");
        new StorageManagerGroup("Empty", options: _temp.Options).WriteReport(path);
        await using var report = await chromium.OpenAsync(path);
        string python = ExternalTool.RunPython("import sys; print('\\n'.join(repr(float(x)) for x in sys.argv[1:]))", [.. numbers.Select(n => n.ToString("R", System.Globalization.CultureInfo.InvariantCulture))]);
        string[] page = await report.Page.EvaluateFunctionAsync<string[]>("xs => xs.map(window.report.pyFloat)", numbers);
        Assert.Equal(python.Split('\n', StringSplitOptions.RemoveEmptyEntries), page);
        Assert.Equal(0, await report.RowCount()); // an empty group's report opens too (-0.0 is in the test above: arguments lose its sign)
        Assert.Empty(report.Errors);
    }
}
