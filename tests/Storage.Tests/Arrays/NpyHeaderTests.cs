using System.Text;
using System.Text.Json;
using StorageTyped.Arrays;

namespace StorageTyped.Tests.Arrays;

/// <summary>The header codec on its own: numpy's layout rules, the version switch, and what the parser accepts and refuses.</summary>
public sealed class NpyHeaderTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(new long[0], false)]
    [InlineData(new long[] { 0 }, false)]
    [InlineData(new long[] { 1000000 }, false)]
    [InlineData(new long[] { 2, 3 }, true)]
    [InlineData(new long[] { 1L << 40 }, false)]
    public void Formatted_headers_are_aligned_newline_terminated_and_parse_back(long[] shape, bool fortran)
    {
        Span<byte> buffer = stackalloc byte[NpyHeaderFormatter.MaxLength];
        int length = NpyHeaderFormatter.Format(NpyDType.Complex128, fortran, shape, buffer);
        Assert.Equal(0, length % 64);
        Assert.Equal((byte)'\n', buffer[length - 1]);
        Assert.Equal(1, buffer[6]);
        Assert.Equal(length - 10, NpyTestTypes.UInt16At(buffer[..length].ToArray(), 8));

        Span<long> parsed = stackalloc long[NpyHeaderParser.MaxRank];
        long dataLength = shape.Aggregate(1L, (a, b) => a * b) * 16;
        NpyHeader header = NpyHeaderParser.Parse(buffer[..length], length + dataLength, parsed, "test.npy");
        Assert.Equal(shape, parsed[..header.Rank].ToArray());
        Assert.Equal(fortran, header.IsFortranOrder);
        Assert.Equal(NpyDType.Complex128, header.DType);
        Assert.Equal(length, header.DataOffset);
    }

    [Fact]
    public void The_version_switches_to_2_0_exactly_where_numpy_switches()
    {
        // Dict texts of lengths around the 16-bit limit, padded as numpy pads them.
        int[] lengths = Enumerable.Range(65_400, 200).Append(100).Append(70_000).ToArray();
        string output = ExternalTool.RunPython("""
            import sys, json, hashlib, warnings, numpy as np
            warnings.simplefilter('ignore')
            result = []
            for n in json.loads(sys.argv[1]):
                text = "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }"
                text += ' ' * (n - len(text))
                wrapped = np.lib.format._wrap_header_guess_version(text)
                result.append([n, wrapped[6], len(wrapped), hashlib.sha256(wrapped).hexdigest()])
            print(json.dumps(result))
            """, JsonSerializer.Serialize(lengths));
        var expected = JsonSerializer.Deserialize<JsonElement[][]>(output)!;
        Assert.Equal(lengths.Length, expected.Length);
        foreach (JsonElement[] row in expected)
        {
            int n = row[0].GetInt32();
            string text = "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }";
            var buffer = new byte[n + 200];
            Encoding.ASCII.GetBytes(text.PadRight(n)).CopyTo(buffer, NpyHeaderParser.Version1PreambleLength);
            int length = NpyHeaderFormatter.Wrap(buffer, n);
            Assert.Equal(row[1].GetInt32(), buffer[6]);
            Assert.Equal(row[2].GetInt32(), length);
            Assert.Equal(row[3].GetString(), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(buffer.AsSpan(0, length))));
        }
        Assert.Contains(expected, row => row[1].GetInt32() == 2);
        Assert.Contains(expected, row => row[1].GetInt32() == 1 && row[0].GetInt32() > 65_000);
    }

    /// <summary>Header texts numpy reads although np.save never writes them so; each must mean here what it means to numpy.</summary>
    public static TheoryData<string, int> AcceptedVariants() => new()
    {
        { "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", 1 },
        { "{\"descr\": \"<f8\", \"fortran_order\": False, \"shape\": (2, 3)}", 1 },
        { "{'shape': (2,3), 'fortran_order': True, 'descr': '>f8'}", 1 },
        { "  {'descr':'<f8','fortran_order':False,'shape':(2,3)}", 1 },
        { "{\n 'descr' : '<f8' ,\n\t'fortran_order' : False ,\r\n 'shape' : ( 2 , 3 , ) ,\n}\n\n", 1 },
        { "{'descr': '<f8', 'fortran_order': False, 'shape': (2L, 3L), }", 1 },
        { "{'descr': '<f8', 'fortran_order': False, 'shape': (2L, 3L), }", 2 },
        { "{'descr': 'f8', 'fortran_order': False, 'shape': (2, 3), }", 3 },
        { "{'descr': '=f8', 'fortran_order': False, 'shape': (2, 3), }", 1 },
        { "{'descr': '|f8', 'fortran_order': False, 'shape': (2, 3), }", 1 },
        { "{'descr': '?', 'fortran_order': False, 'shape': (6,), }", 1 },
        { "{'descr': '<b1', 'fortran_order': False, 'shape': (6,), }", 1 },
        { "{'descr': '>i1', 'fortran_order': False, 'shape': (6,), }", 1 },
        { "{'descr': '<u2', 'fortran_order': False, 'shape': (00, 3), }", 1 },
        { "{'descr': '<c16', 'fortran_order': True, 'shape': (1, 1, 1), }", 1 },
        { "{'descr': '<f8', 'fortran_order': False, 'shape': (), }", 3 },
    };

    [Theory]
    [MemberData(nameof(AcceptedVariants))]
    public void Header_variants_numpy_reads_mean_the_same_here(string text, int version)
    {
        string path = WriteWithHeader(text, version, dataFromNumpy: true);
        string numpy = ExternalTool.RunPython(
            "import sys, numpy as np\na = np.load(sys.argv[1])\na = (a.view(np.uint8) != 0) if a.dtype.kind == 'b' else a\nprint(a.dtype.name, list(a.shape), a.astype(a.dtype.newbyteorder('<'), order='C').tobytes().hex())", path);
        var sm = StorageManager.Open(Path.GetDirectoryName(path)!);
        using var loaded = sm.LoadNp(Path.GetFileNameWithoutExtension(path));
        string ours = $"{NpyTestTypes.All.Single(d => d.TypeCode == loaded.typecode).Name} [{string.Join(", ", loaded.shape)}] {Convert.ToHexStringLower(loaded.tobytes('C'))}";
        Assert.Equal(numpy.Trim(), ours.Trim());
    }

    /// <summary>Headers that are refused, with a word of the reason each message must give.</summary>
    public static TheoryData<string, int, string> RefusedHeaders() => new()
    {
        { "{'descr': '<f8', 'fortran_order': False}", 1, "lacks 'shape'" },
        { "{'descr': '<f8', 'fortran_order': False, 'shape': (6,), 'extra': 1}", 1, "'extra'" },
        { "{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (6,)}", 1, "twice" },
        { "{'descr': '<f8', 'fortran_order': False, 'shape': (6)}", 1, "one-element tuple" },
        { "{'descr': '<f8', 'fortran_order': False, 'shape': (-6,)}", 1, "negative" },
        { "{'descr': '<f8', 'fortran_order': False, 'shape': (06,)}", 1, "leading zero" },
        { "{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999,)}", 1, "64 bits" },
        { "{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296)}", 1, "64 bits" },
        { "{'descr': '<f8', 'fortran_order': False, 'shape': (2147483648, 2147483648)}", 1, "more bytes than fit" },
        { "{'descr': '<f8', 'fortran_order': False, 'shape': (1099511627776, 1099511627776, 0)}", 1, "more bytes than fit" },
        { "{'descr': '<f8', 'fortran_order': False, 'shape': (0, 9223372036854775807, 9223372036854775807)}", 1, "more bytes than fit" },
        { "{'descr': '<f8', 'fortran_order': 0, 'shape': (6,)}", 1, "True or False" },
        { "{'descr': '<f8', 'fortran_order': Falsey, 'shape': (6,)}", 1, "True or False" },
        { "{'descr': '<f8, 'fortran_order': False, 'shape': (6,)}", 1, "expected" },
        { "{'descr': '<f8', 'fortran_order': False, 'shape': (6,)} x", 1, "after the dict" },
        { "{'descr': '<f8', 'fortran_order': False, 'shape': (6,)}\0", 1, "after the dict" },
        { "{'descr': '<f8', 'fortran_order': False, 'shape': (6,)", 1, "ends" },
        { "['descr', '<f8']", 1, "'{'" },
        { "{'descr': '<f8', 'fortran_order': False, 'shape': (6L,)}", 3, "followed by 'L'" },
        { "{'descr': '<f8', 'fortran_order': False, 'shape': (5,)}", 1, "48 bytes follow" },
        { "{'descr': '<f8', 'fortran_order': False, 'shape': (7,)}", 1, "truncated" },
        { "{'descr': '<f7', 'fortran_order': False, 'shape': (6,)}", 1, "'<f7'" },
        { "{'descr': '<U6', 'fortran_order': False, 'shape': (2,)}", 1, "strings" },
        { "{'descr': '|O', 'fortran_order': False, 'shape': (6,)}", 1, "pickled" },
        { "{'descr': '<c8', 'fortran_order': False, 'shape': (6,)}", 1, "complex64" },
        { "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (6,)}", 1, "structured" },
        { "{'descr': '<f8', 'fortran_order': False, 'shape': (" + string.Join(", ", Enumerable.Repeat("1", 65)) + ")}", 1, "more than 64" },
    };

    [Theory]
    [MemberData(nameof(RefusedHeaders))]
    public void Damaged_or_unsupported_headers_are_refused_with_file_and_reason(string text, int version, string reason)
    {
        string path = WriteWithHeader(text, version, dataFromNumpy: false);
        var sm = StorageManager.Open(Path.GetDirectoryName(path)!);
        string key = Path.GetFileNameWithoutExtension(path);
        foreach (Action load in new Action[] { () => sm.LoadNp(key).Dispose(), () => sm.LoadNp<double>(key), () => sm.LoadNpMapped<double>(key).Dispose() })
        {
            var error = Assert.Throws<InvalidDataException>(load);
            Assert.Contains(path, error.Message);
            Assert.Contains(reason, error.Message);
        }
    }

    [Fact]
    public void Damaged_preambles_are_refused_with_file_and_reason()
    {
        var sm = new StorageManager("Npy", options: _temp.Options);
        sm.SaveNp("good", new double[] { 1, 2, 3, 4, 5, 6 });
        byte[] good = File.ReadAllBytes(Path.Combine(sm.Path, "good.npy"));
        var cases = new (string Name, byte[] Bytes, string Reason)[]
        {
            ("empty", [], "0 bytes long"),
            ("magic", [.. "\x93NUMPX"u8.ToArray(), .. good[6..]], "magic"),
            ("pickle", [0x80, 0x04, 0x95, .. good[3..]], "magic"),
            ("version4", [.. good[..6], 4, 0, .. good[8..]], "version 4.0"),
            ("version11", [.. good[..6], 1, 1, .. good[8..]], "version 1.1"),
            ("version2_short", [.. good[..6], 2, 0, 0x10, 0], "ends inside"),
            ("length_beyond", [.. good[..8], 0xFF, 0xFF, .. good[10..]], "header ends at byte"),
            ("length_huge", [.. good[..6], 2, 0, 0xFF, 0xFF, 0xFF, 0x7F, .. good[12..]], "far more"),
        };
        foreach (var (name, bytes, reason) in cases)
        {
            string path = Path.Combine(sm.Path, name + ".npy");
            File.WriteAllBytes(path, bytes);
            var error = Assert.Throws<InvalidDataException>(() => sm.LoadNp<double>(name));
            Assert.Contains(path, error.Message);
            Assert.Contains(reason, error.Message);
        }
    }

    /// <summary>
    /// Writes preamble + header text (padded with spaces to a multiple of 64 and a newline) + 48 data bytes (six
    /// float64) to a new run; with dataFromNumpy the data length follows the header as numpy computes it.
    /// </summary>
    private string WriteWithHeader(string text, int version, bool dataFromNumpy)
    {
        var sm = new StorageManager("Npy", options: _temp.Options);
        byte[] textBytes = version == 3 ? Encoding.UTF8.GetBytes(text) : Encoding.Latin1.GetBytes(text);
        byte[] header = NpyTestTypes.Header(textBytes, version);
        string path = Path.Combine(sm.Path, "variant.npy");
        int dataLength = 48;
        if (dataFromNumpy)
        {
            File.WriteAllBytes(path, header);
            dataLength = int.Parse(ExternalTool.RunPython("""
                import sys, numpy as np
                f = open(sys.argv[1], 'rb')
                v = np.lib.format.read_magic(f)
                shape, fortran, dtype = np.lib.format._read_array_header(f, v)
                print(int(np.prod(shape)) * dtype.itemsize)
                """, path).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }
        var data = new byte[dataLength];
        new Random(dataLength).NextBytes(data);
        File.WriteAllBytes(path, [.. header, .. data]);
        return path;
    }
}
