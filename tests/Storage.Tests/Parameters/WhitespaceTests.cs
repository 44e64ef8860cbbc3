using System.Globalization;
using System.Text.Json;
using StorageTyped.Rules;

namespace StorageTyped.Tests.Parameters;

/// <summary>
/// White space is what Python's str.strip() removes, character for character: the library's set is compared with
/// Python's, and every character of Python's set is tried at the ends and inside values, keys and lines, against
/// configparser. A value is either refused or given back unchanged on both sides.
/// </summary>
public sealed class WhitespaceTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>Every code point Python's str.strip() removes (str.isspace), from Debian's python3.</summary>
    private static int[] PythonWhitespaceCodePoints() =>
        JsonSerializer.Deserialize<int[]>(ExternalTool.RunPython(
            "import json, sys\nprint(json.dumps([c for c in range(sys.maxunicode + 1) if chr(c).strip() == '']))"))!;

    [Fact]
    public void The_library_strips_exactly_what_python_strips()
    {
        int[] python = PythonWhitespaceCodePoints();
        Assert.Contains(0x2028, python);
        Assert.Contains(0x0085, python);
        Assert.Contains(0x000C, python);
        Assert.All(python, c => Assert.True(c <= 0xFFFF, $"U+{c:X4} is outside the BMP; PythonWhitespace takes a char."));
        var expected = new HashSet<int>(python);
        var differences = Enumerable.Range(0, 0x10000)
            .Where(c => PythonWhitespace.IsSpace((char)c) != expected.Contains(c))
            .Select(c => $"U+{c:X4}")
            .ToList();
        Assert.Empty(differences);
    }

    [Fact]
    public void Every_python_whitespace_character_in_a_value_is_refused_or_given_back_unchanged_by_configparser_too()
    {
        var sm = new StorageManager("Space", options: _temp.Options);
        var stored = new Dictionary<string, string>();
        var refused = new List<string>();
        foreach (int codePoint in PythonWhitespaceCodePoints())
        {
            string c = char.ConvertFromUtf32(codePoint);
            string[] values = ["abc" + c, c + "abc", "a" + c + "b", "abc" + c + "\ndef", "abc\n" + c + "def", "abc\ndef" + c, c];
            for (int variant = 0; variant < values.Length; variant++)
            {
                string key = $"v{codePoint:x4}_{variant}";
                try
                {
                    sm.SaveParam(key, values[variant]);
                    stored[key] = values[variant];
                }
                catch (ArgumentException e)
                {
                    Assert.Contains(key, e.Message);
                    refused.Add(key);
                }
            }
            // White space at either end of a value is what configparser strips: always refused (a value may start
            // with a line break: its first line is then empty, which configparser keeps).
            Assert.Contains($"v{codePoint:x4}_0", refused);
            if (c != "\n") Assert.Contains($"v{codePoint:x4}_1", refused);
            Assert.Contains($"v{codePoint:x4}_5", refused);
            Assert.Contains($"v{codePoint:x4}_6", refused);
        }
        // Inside a line every character is kept (U+2028, U+0085, \f … are not line ends to configparser).
        Assert.Contains("v2028_2", stored.Keys);
        Assert.Contains("v0085_2", stored.Keys);
        Assert.Contains("v000c_2", stored.Keys);

        var python = JsonSerializer.Deserialize<Dictionary<string, string>>(ExternalTool.RunPython(
            "import sys, json, configparser\nc = configparser.ConfigParser()\nc.read(sys.argv[1], encoding='utf-8')\n" +
            "print(json.dumps(dict(c['Parameters'])))",
            Path.Combine(sm.Path, "config.ini")))!;
        foreach (var (key, value) in stored)
        {
            Assert.Equal(Escape(value), Escape(sm.LoadParamText(key)!));
            Assert.Equal(Escape(value), Escape(python[key]));
        }
    }

    [Fact]
    public void Keys_and_sections_with_python_whitespace_at_an_end_are_refused()
    {
        var sm = new StorageManager("Space", options: _temp.Options);
        foreach (int codePoint in PythonWhitespaceCodePoints())
        {
            string c = char.ConvertFromUtf32(codePoint);
            Assert.Throws<ArgumentException>(() => sm.SaveParam("key" + c, 1));
            Assert.Throws<ArgumentException>(() => sm.SaveParam(c + "key", 1));
            Assert.Throws<ArgumentException>(() => sm.SaveParam("key", 1, section: "S" + c));
        }
        Assert.Equal(["time"], sm.GetAllParams());
    }

    private static string Escape(string text) =>
        string.Concat(text.Select(ch => ch is >= ' ' and < '\u007f' ? ch.ToString() : "\\u" + ((int)ch).ToString("x4", CultureInfo.InvariantCulture)));
}
