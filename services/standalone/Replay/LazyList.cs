using System.Collections;

namespace DaprPredictor.Standalone.Replay;

/// <summary>A list made the first time it is read.</summary>
public sealed class LazyList<T>(Func<T[]> create) : IReadOnlyList<T>
{
    private readonly Lazy<T[]> _items = new(create);

    public int Count => _items.Value.Length;

    public T this[int index] => _items.Value[index];

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items.Value).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
