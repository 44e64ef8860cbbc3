namespace StorageTyped.Readme.Tests;

/// <summary>
/// The README test's own rules, on small Markdown files: what is refused, how blocks form scenes, and that the checks
/// catch a wrong output, file, listing or exit code (python and sh blocks, so no compilation is needed).
/// </summary>
public sealed class ReadmeConventionTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "storagetyped-readme-conventions", Guid.NewGuid().ToString("N"));

    public ReadmeConventionTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
    }

    private ReadmeDocument Parse(string markdown)
    {
        string path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".md");
        File.WriteAllText(path, markdown.Replace("'''", "```"));
        return ReadmeDocument.Parse(path);
    }

    private void Run(ReadmeDocument document)
    {
        var runner = new SceneRunner(block => throw new InvalidOperationException($"{block} is not compiled here"));
        foreach (Scene scene in document.Scenes()) runner.Run(scene, SceneRunner.FolderOf(_folder, scene));
    }

    [Theory]
    [InlineData("'''\nx\n'''\n", "without an info string")]
    [InlineData("'''bash\nls\n'''\n", "'bash' is not one the README test knows")]
    [InlineData("'''text\nhello\n'''\n", "needs exactly one marker")]
    [InlineData("<!-- test: output -->\nSome prose.\n'''text\nx\n'''\n", "stands above text")]
    [InlineData("<!-- test: output -->\n'''text\nx\n'''\n", "must directly follow")]
    [InlineData("<!-- test: continue -->\n'''python\nprint(1)\n'''\n", "does not take the marker 'continue'")]
    [InlineData("<!-- test: exit -->\n'''sh\ntrue\n'''\n", "'exit' needs the exit code")]
    [InlineData("'''python\nprint(1)\n", "not closed")]
    [InlineData("<!-- test: fresh -->\n", "stands above no code block")]
    public void Blocks_that_would_go_unchecked_are_refused(string markdown, string message)
    {
        var error = Assert.Throws<FormatException>(() => Parse(markdown));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_python_block_without_a_block_before_it_must_say_fresh()
    {
        var error = Assert.Throws<FormatException>(() => Parse("'''python\nprint(1)\n'''\n").Scenes());
        Assert.Contains("fresh", error.Message);
    }

    [Fact]
    public void Csharp_blocks_start_scenes_and_other_blocks_continue_them()
    {
        var document = Parse("""
            '''csharp
            Console.WriteLine(1);
            '''
            '''python
            print(2)
            '''
            <!-- test: continue -->
            '''csharp
            Console.WriteLine(3);
            '''
            '''csharp
            Console.WriteLine(4);
            '''
            <!-- test: fresh -->
            '''sh
            echo 5
            '''
            <!-- test: illustrative -->
            '''ini
            [a]
            '''
            '''sh setup
            scripts/test.sh
            '''
            """);
        Assert.Equal([3, 1, 1], document.Scenes().Select(s => s.Blocks.Count));
        Assert.Equal(7, document.Blocks.Count);
        Assert.Equal(["csharp", "python", "csharp", "csharp", "sh", "ini", "sh setup"], document.Blocks.Select(b => b.Info));
    }

    [Fact]
    public void Output_files_and_listings_that_match_pass()
    {
        Run(Parse("""
            <!-- test: fresh -->
            '''python
            import os
            os.makedirs("Data/StorageManager/M/M1/sub")
            open("Data/StorageManager/M/M1/config.ini", "w").write("[Parameters]\ntime = 1.5\na = 1\n\n[Provenance]\nstatus = completed\nhost = h\n")
            open("Data/StorageManager/M/M1/sub/x.npy", "w").write("")
            open("Data/StorageManager/M/M1/.hidden", "w").write("")
            print("value 42 at", os.getcwd())
            '''
            <!-- test: output -->
            '''text
            value 42 at …
            '''
            <!-- test: file Data/StorageManager/M/M*/config.ini -->
            '''ini
            [Parameters]
            time = 99
            a = 1
            '''
            <!-- test: tree -->
            '''text
            Data/StorageManager/M/M1/
            ├── config.ini     a comment
            └── sub/
                └── x.npy
            '''
            <!-- test: exit 3 -->
            '''sh
            runs list NoSuchGroup --data Data > /dev/null 2>&1 || exit 3
            '''
            """));
    }

    [Theory]
    [InlineData("<!-- test: output -->\n'''text\nvalue 43\n'''\n", "differs from the output")]
    [InlineData("<!-- test: file Data/config.ini -->\n'''ini\n[Parameters]\na = 2\n'''\n", "[Parameters] a: README '2', file '1'")]
    [InlineData("<!-- test: file Data/config.ini -->\n'''ini\n[Parameters]\na = 1\nb = 2\n'''\n", "entry 2")]
    [InlineData("<!-- test: file Data/*.ini -->\n'''ini\n[Parameters]\na = 1\n'''\n", "names 2 files")]
    [InlineData("<!-- test: tree -->\n'''text\nData/\n├── config.ini\n└── other.ini\n'''\n", "only in the README: other.ini")]
    public void Output_files_and_listings_that_differ_fail(string check, string message)
    {
        var document = Parse("""
            <!-- test: fresh -->
            '''python
            open("Data/config.ini", "w").write("[Parameters]\na = 1\n")
            open("Data/two.ini", "w").write("")
            print("value 42")
            '''

            """ + check);
        var error = Assert.Throws<InvalidOperationException>(() => Run(document));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_block_that_exits_otherwise_than_marked_fails()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Run(Parse("<!-- test: fresh -->\n'''sh\nexit 2\n'''\n")));
        Assert.Contains("exited with 2, expected 0", error.Message);
        error = Assert.Throws<InvalidOperationException>(() => Run(Parse("<!-- test: fresh -->\n<!-- test: exit 4 -->\n'''sh\ntrue\n'''\n")));
        Assert.Contains("exited with 0, expected 4", error.Message);
    }

    [Fact]
    public void Prose_that_names_missing_members_or_parameters_is_caught()
    {
        var document = Parse("""
            Call `sm.SaveParam(key, value)` and `sm.SaveParamz(key)`, then `GetParamList(param, removeNone: false)` and
            `GetParamList(param, removeNul: true)`; set `StorageOptions.Last` but not `StorageOptions.Lastt`;
            `smg.Where(query)`, `NoSuchMethod(x)`, `File.Nope()` (not ours), `np.save(a)` (numpy).
            """);
        List<string> problems = ApiNames.Problems(document);
        Assert.Equal(4, problems.Count);
        Assert.Contains(problems, p => p.Contains("no public member SaveParamz"));
        Assert.Contains(problems, p => p.Contains("no overload of GetParamList has the parameters removeNul"));
        Assert.Contains(problems, p => p.Contains("no public member Lastt"));
        Assert.Contains(problems, p => p.Contains("no public method NoSuchMethod"));
    }
}
