using System.Reflection;
using System.Text.RegularExpressions;

namespace StorageTyped.Readme.Tests.Infrastructure;

/// <summary>
/// The names README's prose shows in inline code (`sm.SaveParam(key, value)`, `StorageOptions.Last`,
/// `GetParamList(param, removeNone: false)`), checked against StorageTyped's public API by reflection: the code blocks
/// are compiled, and this keeps the text between them from naming members that do not exist.
/// </summary>
public static partial class ApiNames
{
    /// <summary>The variables README's prose uses for the library's types.</summary>
    private static readonly Dictionary<string, string[]> Receivers = new(StringComparer.Ordinal)
    {
        ["sm"] = ["StorageManager"],
        ["smg"] = ["StorageManagerGroup", "StorageManagerGroup`1"],
        ["recorder"] = ["Recorder"],
        ["video"] = ["VideoWriter"],
        ["scope"] = ["RunScope"],
    };

    /// <summary>Calls of other libraries the prose names bare (FFMpegCore's argument builders).</summary>
    private static readonly HashSet<string> External = new(StringComparer.Ordinal) { "WithFrameRate", "WithPixelFormat" };

    private static readonly Type[] Types = typeof(StorageManager).Assembly.GetExportedTypes();

    /// <summary>One problem per inline code span that names something StorageTyped does not have.</summary>
    public static List<string> Problems(ReadmeDocument document, Action<string>? log = null)
    {
        var problems = new List<string>();
        int checkedNames = 0;
        foreach (var (line, paragraph) in Paragraphs(document.Prose))
        {
            foreach (string span in CodeSpans(paragraph))
            {
                string code = Regex.Replace(span, @"\s+", " ").Trim();
                foreach (string problem in Check(code, ref checkedNames))
                    problems.Add($"README.md:{line}: `{code}`: {problem}");
            }
        }
        log?.Invoke($"{checkedNames} names in inline code checked against StorageTyped's public API.");
        return problems;
    }

    private static IEnumerable<(int Line, string Text)> Paragraphs(IReadOnlyList<(int Line, string Text)> prose)
    {
        int start = 0;
        var text = new List<string>();
        foreach (var (line, content) in prose)
        {
            if (content.Trim().Length == 0)
            {
                if (text.Count > 0) yield return (start, string.Join(' ', text));
                text.Clear();
                continue;
            }
            if (text.Count == 0) start = line;
            text.Add(content.Trim());
        }
        if (text.Count > 0) yield return (start, string.Join(' ', text));
    }

    private static List<string> Check(string code, ref int checkedNames)
    {
        var problems = new List<string>();
        // receiver.Member or Type.Member, with a call's named arguments when it is one.
        foreach (Match m in MemberAccess().Matches(code))
        {
            string receiver = m.Groups["receiver"].Value, member = m.Groups["member"].Value;
            Type[] types = Receivers.TryGetValue(receiver, out string[]? names)
                ? Types.Where(t => names.Contains(t.Name)).ToArray()
                : Types.Where(t => t.Name == receiver).ToArray();
            if (types.Length == 0) continue;
            checkedNames++;
            var members = types.SelectMany(t => t.GetMember(member, BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.FlattenHierarchy)).ToList();
            if (members.Count == 0)
                problems.Add($"{string.Join("/", types.Select(t => t.Name))} has no public member {member}");
            else if (m.Groups["args"].Success)
                problems.AddRange(CheckNamedArguments(member, members.OfType<MethodBase>(), m.Groups["args"].Value));
        }
        // new Type(…): named arguments against the constructors.
        foreach (Match m in Construction().Matches(code))
        {
            Type[] types = Types.Where(t => t.Name == m.Groups["type"].Value || t.Name.StartsWith(m.Groups["type"].Value + "`", StringComparison.Ordinal)).ToArray();
            if (types.Length == 0) continue;
            checkedNames++;
            problems.AddRange(CheckNamedArguments(m.Groups["type"].Value, types.SelectMany(t => t.GetConstructors()), m.Groups["args"].Value));
        }
        // A bare call: Name(…) or Name<T>(…) at the start of the span.
        Match call = BareCall().Match(code);
        if (call.Success && !External.Contains(call.Groups["member"].Value))
        {
            string member = call.Groups["member"].Value;
            checkedNames++;
            var methods = Types.SelectMany(t => t.GetMember(member, BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.FlattenHierarchy)).ToList();
            methods.AddRange(typeof(Enumerable).GetMember(member));
            if (methods.Count == 0) problems.Add($"no public method {member} in StorageTyped (or LINQ)");
            else problems.AddRange(CheckNamedArguments(member, methods.OfType<MethodBase>(), call.Groups["args"].Value));
        }
        return problems;
    }

    /// <summary>Named arguments (`removeNone: false`) must all be parameters of one overload.</summary>
    private static IEnumerable<string> CheckNamedArguments(string member, IEnumerable<MethodBase> overloads, string arguments)
    {
        var named = NamedArgument().Matches(arguments).Select(m => m.Groups[1].Value).ToList();
        if (named.Count == 0) yield break;
        var list = overloads.ToList();
        if (list.Count == 0) yield break;   // a property or field: nothing to match
        if (!list.Any(o => named.All(n => o.GetParameters().Any(p => p.Name == n))))
            yield return $"no overload of {member} has the parameters {string.Join(", ", named)}";
    }

    /// <summary>
    /// Repository paths (`src/Storage/Media/PngEncoder.cs`, `bench/baseline/pymonnto_group.py analyze`) and test names
    /// (`NpyErrorTests`, `ParameterStorageTests.Bad_keys_are_refused_by_name_and_nothing_changes_on_disk`) that the
    /// prose cites must exist.
    /// </summary>
    public static List<string> RepositoryProblems(ReadmeDocument document, string repositoryRoot, Action<string>? log = null)
    {
        var problems = new List<string>();
        var testSources = Directory.EnumerateFiles(Path.Combine(repositoryRoot, "tests"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .Select(File.ReadAllText)
            .ToList();
        int paths = 0, tests = 0;
        foreach (var (line, paragraph) in Paragraphs(document.Prose))
        {
            foreach (string span in CodeSpans(paragraph))
            {
                string code = span.Trim();
                Match path = RepositoryPath().Match(code);
                if (path.Success)
                {
                    paths++;
                    string full = Path.Combine(repositoryRoot, path.Value.TrimEnd('/'));
                    if (!File.Exists(full) && !Directory.Exists(full) && !path.Value.StartsWith("src/Data", StringComparison.Ordinal))
                        problems.Add($"README.md:{line}: `{code}`: {path.Value} does not exist in the repository");
                }
                Match test = TestName().Match(code);
                if (test.Success)
                {
                    tests++;
                    string type = test.Groups["type"].Value, method = test.Groups["method"].Value.Trim('…');
                    string? source = testSources.FirstOrDefault(t => Regex.IsMatch(t, $@"\bclass {type}\b"));
                    if (source is null) problems.Add($"README.md:{line}: `{code}`: no test class {type}");
                    else if (method.Length > 0 && !source.Contains(method, StringComparison.Ordinal))
                        problems.Add($"README.md:{line}: `{code}`: {type} has no test {method}");
                }
            }
        }
        log?.Invoke($"{paths} repository paths and {tests} test names checked.");
        return problems;
    }

    [GeneratedRegex(@"^(?:src|tests|bench|samples|scripts)/[\w./-]*")]
    private static partial Regex RepositoryPath();

    [GeneratedRegex(@"^(?<type>[A-Z]\w*Tests)(?:\.(?<method>…?\w+…?))?$")]
    private static partial Regex TestName();

    [GeneratedRegex(@"\bnew (?<type>[A-Z]\w*)(?:<[^>()]*>)?\((?<args>[^()]*)\)")]
    private static partial Regex Construction();

    /// <summary>CommonMark's code spans: a run of n backticks up to the next run of exactly n.</summary>
    public static IEnumerable<string> CodeSpans(string text)
    {
        int i = 0;
        while (i < text.Length)
        {
            if (text[i] != '`') { i++; continue; }
            int n = 0;
            while (i + n < text.Length && text[i + n] == '`') n++;
            int start = i + n, close = -1;
            for (int j = start; j < text.Length;)
            {
                if (text[j] != '`') { j++; continue; }
                int m = 0;
                while (j + m < text.Length && text[j + m] == '`') m++;
                if (m == n) { close = j; break; }
                j += m;
            }
            if (close < 0) { i = start; continue; }
            yield return text[start..close];
            i = close + n;
        }
    }

    [GeneratedRegex(@"(?<![\w.])(?<receiver>[A-Za-z]\w*)\.(?<member>[A-Z]\w*)(?:<[^>()]*>)?(?:\((?<args>[^()]*)\))?")]
    private static partial Regex MemberAccess();

    [GeneratedRegex(@"^(?<member>[A-Z]\w*)(?:<[^>()]*>)?\((?<args>[^()]*)\)")]
    private static partial Regex BareCall();

    [GeneratedRegex(@"(?:^|[(,]\s*)([a-z]\w*):(?!:)")]
    private static partial Regex NamedArgument();
}
