namespace DaprPredictor.Pipeline.Seams;

/// <summary>
/// A mutable stand-in for a stored value of type <typeparamref name="TValue"/>, which its owner keeps and reuses from one
/// read to the next: <see cref="IStateStore.ReadIntoAsync{TBuffer, TValue}"/> copies what is stored into it and
/// <see cref="IStateStore.TrySaveFromAsync{TBuffer, TValue}"/> copies it back, so no object changes hands between the
/// caller and the store. A store of serialized values goes through <typeparamref name="TValue"/> (the form on the wire).
/// </summary>
public interface IStateBuffer<TValue> : IStateBuffer where TValue : class
{
    /// <summary>Holds a copy of <paramref name="value"/> from now on; null: nothing is stored (<see cref="IStateBuffer.Clear"/>).</summary>
    void Load(TValue? value);

    /// <summary>What the buffer holds as a new value that shares nothing mutable with it; null when it holds nothing.</summary>
    TValue? ToValue();
}

/// <summary>A buffer whatever it stands for.</summary>
public interface IStateBuffer
{
    /// <summary>Holds nothing from now on, and keeps nothing it held alive.</summary>
    void Clear();
}

/// <summary>A buffer that can also be copied from another of its kind, and made by a store that keeps one per key.</summary>
public interface IStateBuffer<TSelf, TValue> : IStateBuffer<TValue>
    where TSelf : class, IStateBuffer<TSelf, TValue>
    where TValue : class
{
    /// <summary>Holds a copy of what <paramref name="other"/> holds from now on.</summary>
    void CopyFrom(TSelf other);

    static abstract TSelf Create();
}
