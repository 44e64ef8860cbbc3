using NumSharp;
using StorageTyped.Groups;
using StorageTyped.Groups.Scan;

namespace StorageTyped;

public sealed partial class StorageManagerGroup
{
    /// <summary>
    /// The array saved under <paramref name="name"/> (key.npy) of every run, in the group's order (PymoNNto's
    /// get_np_list), as NumSharp arrays (dispose them); null where a run has none. Runs are read on all cores.
    /// </summary>
    /// <param name="name">The array's key.</param>
    /// <param name="removeNone">Leave out runs that have no such array.</param>
    /// <exception cref="InvalidDataException">A run's .npy file is damaged or holds a dtype with no .NET counterpart.</exception>
    public List<NDArray?> GetNpList(string name, bool removeNone = false) =>
        LoadFromEveryRun(name, removeNone, (run, key) => run.LoadNp(key));

    /// <summary>
    /// The array saved under <paramref name="name"/> of every run as a flat <typeparamref name="T"/>[] in C order
    /// (<see cref="StorageManager.LoadNp{T}(string)"/>), in the group's order; null where a run has none.
    /// </summary>
    /// <param name="name">The array's key.</param>
    /// <param name="removeNone">Leave out runs that have no such array.</param>
    /// <exception cref="InvalidDataException">A run's .npy file is damaged or holds another dtype.</exception>
    public List<T[]?> GetNpList<T>(string name, bool removeNone = false) where T : unmanaged =>
        LoadFromEveryRun(name, removeNone, (run, key) => run.LoadNp<T>(key));

    private List<TValue?> LoadFromEveryRun<TValue>(string name, bool removeNone, Func<StorageManager, string, TValue> load) where TValue : class
    {
        RunKey.Validate(name, nameof(name));
        int[] order = _order;
        var values = new TValue?[order.Length];
        ChunkedParallel.For(order.Length, 64, (start, end) =>
        {
            for (int p = start; p < end; p++)
            {
                try
                {
                    values[p] = load(TransientRunAt(order[p]), name);
                }
                catch (FileNotFoundException)
                {
                    // The run has no such array: null, as PymoNNto's remove_None expects.
                }
            }
        });
        var result = new List<TValue?>(values.Length);
        foreach (var value in values)
            if (!removeNone || value is not null) result.Add(value);
        return result;
    }
}
