using System.Collections;

namespace StorageTyped.Groups;

/// <summary>
/// The group's runs in one order, as a read-only list. It keeps the order it was made with: sorting the group
/// later gives a new list, as PymoNNto's sort_by replaces StorageManagerList.
/// </summary>
internal sealed class RunListView(IReadOnlyList<int> order, Func<int, StorageManager> runAt) : IReadOnlyList<StorageManager>
{
    public int Count => order.Count;

    public StorageManager this[int index] => runAt(order[index]);

    public IEnumerator<StorageManager> GetEnumerator()
    {
        for (int i = 0; i < order.Count; i++) yield return runAt(order[i]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
