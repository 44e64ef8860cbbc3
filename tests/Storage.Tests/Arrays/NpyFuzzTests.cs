using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NumSharp;
using StorageTyped.Arrays;

namespace StorageTyped.Tests.Arrays;

/// <summary>
/// Seeded, repeatable fuzzing of the .npy reader: valid headers in every style numpy reads, mutated byte-wise and
/// token-wise. Only <see cref="InvalidDataException"/> may come out; whatever loads must be what numpy loads.
/// STORAGETYPED_FUZZ_ITERATIONS (shared by every fuzz test) sets the number of mutated headers (default 100,000;
/// a fiftieth of them also go through files, LoadNp and numpy).
/// </summary>
public sealed class NpyFuzzTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static int Count => Mutator.Iterations(100_000);

    [Fact]
    public void Mutated_headers_only_ever_raise_InvalidDataException()
    {
        var random = new Random(20_261_124);
        int accepted = 0, refused = 0;
        var shape = new long[NpyHeaderParser.MaxRank];
        for (int i = 0; i < Count; i++)
        {
            byte[] file = Mutate(ValidFile(random), random);
            try
            {
                NpyHeader header = NpyHeaderParser.Parse(file, file.Length, shape, "fuzz.npy");
                long product = shape.AsSpan(0, header.Rank).ToArray().Aggregate(1L, (a, b) => a * b);
                Assert.Equal(product, header.ElementCount);
                Assert.Equal(file.Length, header.DataOffset + header.DataLength);
                accepted++;
            }
            catch (InvalidDataException e)
            {
                Assert.Contains("'fuzz.npy'", e.Message);
                refused++;
            }
            catch (Exception e)
            {
                Assert.Fail($"Case {i}: {e.GetType().Name}: {e.Message}\nFile: {Convert.ToHexString(file.AsSpan(0, Math.Min(file.Length, 300)))}");
            }
        }
        Assert.Equal(Count, accepted + refused);
        Assert.InRange(accepted, Count / 100, Count / 2); // both paths are exercised
    }

    private const string LoadWithNumpy = """
        import sys, json, hashlib, numpy as np
        result = {}
        for path in json.load(open(sys.argv[1])):
            try:
                a = np.load(path)
                a = (a.view(np.uint8) != 0) if a.dtype.kind == 'b' else a
                native = a.astype(a.dtype.newbyteorder('<'), order='C')
                result[path] = '%s %s %s' % (a.dtype.name, list(a.shape), hashlib.sha256(native.tobytes()).hexdigest())
            except Exception as e:
                result[path] = 'refused'
        print(json.dumps(result))
        """;

    [Fact]
    public void Mutated_files_load_or_fail_with_InvalidDataException_and_what_loads_is_what_numpy_loads()
    {
        var sm = new StorageManager("Fuzz", options: _temp.Options);
        var random = new Random(4_242);
        var ours = new Dictionary<string, string>();
        int files = Math.Max(100, Count / 50);
        for (int i = 0; i < files; i++)
        {
            // Half the files are unmutated: every header style the generator makes must load the same in numpy.
            byte[] file = i % 2 == 0 ? ValidFile(random) : Mutate(ValidFile(random), random);
            string key = "f" + i;
            string path = Path.Combine(sm.Path, key + ".npy");
            File.WriteAllBytes(path, file);
            ours[path] = Load(sm, key, file);
        }
        string manifest = Path.Combine(_temp.Root, "files.json");
        File.WriteAllText(manifest, JsonSerializer.Serialize(ours.Keys));
        var numpy = JsonSerializer.Deserialize<Dictionary<string, string>>(ExternalTool.RunPython(LoadWithNumpy, manifest))!;

        int loaded = 0;
        foreach (var (path, result) in ours)
        {
            if (result == "refused") continue;
            loaded++;
            if (numpy[path] != result)
                Assert.Fail($"{path} loads here as {result} but numpy gives {numpy[path]}; file: {Encoding.Latin1.GetString(File.ReadAllBytes(path))}");
        }
        Assert.True(loaded >= files / 2, $"only {loaded} of {files} files loaded");
    }

    /// <summary>Loads a file every way; returns "dtype [shape] sha256" or "refused" (InvalidDataException from all of them).</summary>
    private static string Load(StorageManager sm, string key, byte[] file)
    {
        string? result = null;
        try
        {
            using NDArray array = sm.LoadNp(key);
            string dtype = NpyTestTypes.All.Single(d => d.TypeCode == array.typecode).Name;
            result = $"{dtype} [{string.Join(", ", array.shape)}] {Convert.ToHexStringLower(SHA256.HashData(array.tobytes('C')))}";
        }
        catch (InvalidDataException)
        {
            result = "refused";
        }
        // The typed and mapped loads agree: they refuse what LoadNp refuses (and, for other dtypes, refuse by type).
        bool typedLoaded = TryLoad(() => sm.LoadNp<double>(key));
        bool mappedLoaded = TryLoad(() => sm.LoadNpMapped<double>(key).Dispose());
        if (result == "refused") Assert.False(typedLoaded || mappedLoaded, $"{key}: LoadNp refused it but a typed load did not: {Convert.ToHexString(file.AsSpan(0, Math.Min(200, file.Length)))}");
        else if (result.StartsWith("float64", StringComparison.Ordinal)) Assert.True(typedLoaded, key);
        return result;
    }

    private static bool TryLoad(Action load)
    {
        try
        {
            load();
            return true;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    private static readonly string[] Descrs =
        ["|b1", "|i1", "|u1", "<i2", "<u2", "<i4", "<u4", "<i8", "<u8", "<f2", "<f4", "<f8", "<c16", ">f8", ">i4", "=f4", "|f8", "f8", "?", ">c16"];

    /// <summary>A valid file: a header in a random style numpy reads, and data of the length it describes.</summary>
    internal static byte[] ValidFile(Random random)
    {
        string descr = Descrs[random.Next(Descrs.Length)];
        int rank = random.Next(5);
        var shape = Enumerable.Range(0, rank).Select(_ => (long)random.Next(5)).ToArray();
        int version = random.Next(10) switch { < 7 => 1, < 9 => 2, _ => 3 };
        char quote = random.Next(4) == 0 ? '"' : '\'';
        string Space() => random.Next(6) switch { 0 => "", 1 => "  ", 2 => "\n ", 3 => "\t", _ => " " };
        string Dimension(long d) => d + (version <= 2 && random.Next(20) == 0 ? "L" : "");
        string shapeText = rank switch
        {
            0 => "()",
            1 => $"({Dimension(shape[0])},{Space()})",
            _ => "(" + string.Join("," + Space(), shape.Select(Dimension)) + (random.Next(3) == 0 ? "," : "") + ")",
        };
        var items = new List<string>
        {
            $"{quote}descr{quote}:{Space()}{quote}{descr}{quote}",
            $"{quote}fortran_order{quote}:{Space()}{(random.Next(2) == 0 ? "False" : "True")}",
            $"{quote}shape{quote}:{Space()}{shapeText}",
        };
        if (random.Next(3) == 0) items = [.. items.OrderBy(_ => random.Next())];
        string text = "{" + string.Join("," + Space(), items) + (random.Next(2) == 0 ? ", " : "") + "}";
        byte[] textBytes = Encoding.ASCII.GetBytes(text);
        byte[] header = NpyTestTypes.Header(textBytes, version, random.Next(4) == 0 ? random.Next(3) : null);
        NpyDTypes.TryParseDescr(Encoding.ASCII.GetBytes(descr), out NpyDType dtype, out _);
        var data = new byte[shape.Aggregate(1L, (a, b) => a * b) * NpyDTypes.ItemSize(dtype)];
        random.NextBytes(data);
        return [.. header, .. data];
    }

    private static readonly byte[] Interesting = "0123456789 '\"(),:{}L-\n\r\t<>|=?bfiucTFx_.\\"u8.ToArray().Concat(new byte[] { 0, 0x93, 0xFF, 0x80, 0xC3 }).ToArray();

    /// <summary>One to three byte- and token-level mutations, mostly inside the preamble and header.</summary>
    internal static byte[] Mutate(byte[] file, Random random)
    {
        var bytes = new List<byte>(file);
        int headerEnd = Math.Min(bytes.Count, 10 + (bytes.Count > 9 ? bytes[8] | bytes[9] << 8 : 0));
        int mutations = 1 + random.Next(3);
        for (int m = 0; m < mutations && bytes.Count > 0; m++)
        {
            int at = random.Next(Math.Max(1, Math.Min(headerEnd, bytes.Count)));
            switch (random.Next(11))
            {
                case 0: bytes[at] = (byte)random.Next(256); break;
                case 1:
                case 2: bytes[at] = Interesting[random.Next(Interesting.Length)]; break;
                case 3: bytes.Insert(at, Interesting[random.Next(Interesting.Length)]); break;
                case 4: bytes.RemoveAt(at); break;
                case 5: bytes.RemoveRange(at, bytes.Count - at); break;
                case 6:
                    if (bytes.Count > 9)
                    {
                        int length = (bytes[8] | bytes[9] << 8) + random.Next(-70, 71);
                        bytes[8] = (byte)length;
                        bytes[9] = (byte)(length >> 8);
                    }
                    break;
                case 7:
                    int digit = bytes.FindIndex(b => b is >= (byte)'0' and <= (byte)'9');
                    if (digit > 10)
                    {
                        string replacement = random.Next(3) switch { 0 => "9223372036854775807", 1 => "4294967296", _ => random.Next(100).ToString(CultureInfo.InvariantCulture) };
                        bytes.RemoveAt(digit);
                        bytes.InsertRange(digit, Encoding.ASCII.GetBytes(replacement));
                    }
                    break;
                case 8:
                    int start = random.Next(Math.Max(1, headerEnd)), count = random.Next(1, 20);
                    if (start + count <= bytes.Count) bytes.InsertRange(start, bytes.GetRange(start, count));
                    break;
                case 9: bytes.AddRange(Enumerable.Range(0, random.Next(1, 17)).Select(_ => (byte)random.Next(256))); break;
                default:
                    if (bytes.Count > 7) bytes[6 + random.Next(2)] = (byte)random.Next(5);
                    break;
            }
        }
        return [.. bytes];
    }
}
