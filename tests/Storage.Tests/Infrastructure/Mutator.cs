using System.Text;

namespace StorageTyped.Tests.Infrastructure;

/// <summary>
/// Seeded, repeatable text mutation for fuzzing parsers: inserts characters that matter to the formats here,
/// deletes, duplicates and swaps ranges. The iteration count comes from STORAGETYPED_FUZZ_ITERATIONS when set
/// (the long job), else from the test.
/// </summary>
public sealed class Mutator
{
    private const string Interesting = "[]=:#;%()\n\r\t '\"\\,.-+eE0123456789abcNaninfTrueFalseNone{}<>!&|_\u00a0\u2028\uFEFF\u0000ü😀";
    private readonly Random _random;

    public Mutator(int seed) => _random = new Random(seed);

    /// <summary>How many inputs a fuzz test tries: the environment's count for long runs, else <paramref name="defaultCount"/>.</summary>
    public static int Iterations(int defaultCount) =>
        int.TryParse(Environment.GetEnvironmentVariable("STORAGETYPED_FUZZ_ITERATIONS"), out int configured) && configured > 0 ? configured : defaultCount;

    /// <summary>A mutation of <paramref name="seed"/> with 1–8 edits.</summary>
    public string Mutate(string seed)
    {
        var text = new StringBuilder(seed);
        int edits = 1 + _random.Next(8);
        for (int e = 0; e < edits; e++)
        {
            int position = text.Length == 0 ? 0 : _random.Next(text.Length + 1);
            switch (_random.Next(6))
            {
                case 0:
                case 1:
                    text.Insert(position, Interesting[_random.Next(Interesting.Length)]);
                    break;
                case 2 when text.Length > 0:
                    text.Remove(Math.Min(position, text.Length - 1), Math.Min(1 + _random.Next(8), text.Length - Math.Min(position, text.Length - 1)));
                    break;
                case 3 when text.Length > 0:
                {
                    int start = _random.Next(text.Length);
                    int length = Math.Min(1 + _random.Next(16), text.Length - start);
                    text.Insert(position, text.ToString(start, length));
                    break;
                }
                case 4 when text.Length > 1:
                {
                    int a = _random.Next(text.Length), b = _random.Next(text.Length);
                    (text[a], text[b]) = (text[b], text[a]);
                    break;
                }
                default:
                    text.Insert(position, (char)_random.Next(0, 0x3000));
                    break;
            }
        }
        return text.ToString();
    }
}
