namespace DaprPredictor.Synthetic;

/// <summary>
/// SplitMix64: a small, fast generator with 64-bit state. Used instead of System.Random, whose 32-bit seed makes two of
/// 100,000 per-user streams identical with probability about 2/3 (birthday bound), duplicating users and event ids.
/// </summary>
internal sealed class Rng(ulong seed)
{
    private ulong _state = seed;

    /// <summary>An independent stream for (seed, index, salt).</summary>
    public static Rng Stream(int seed, long index, int salt) =>
        new(Mix(Mix(unchecked((ulong)seed)) ^ Mix(unchecked((ulong)index + 0x632BE59BD9B4E019UL)) ^ Mix(unchecked((ulong)salt * 0x9E3779B97F4A7C15UL))));

    public ulong NextUInt64() => Mix(_state = unchecked(_state + 0x9E3779B97F4A7C15UL));

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, maxExclusive), unbiased (Lemire's multiply-and-reject).</summary>
    public long NextInt64(long maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxExclusive, 1);
        var range = (ulong)maxExclusive;
        var threshold = (0UL - range) % range;
        while (true)
        {
            var product = Math.BigMul(NextUInt64(), range, out var low);
            if (low >= threshold) return (long)product;
        }
    }

    public int Next(int maxExclusive) => (int)NextInt64(maxExclusive);

    public void NextBytes(Span<byte> buffer)
    {
        for (var i = 0; i < buffer.Length; i += 8)
        {
            var value = NextUInt64();
            for (var j = i; j < Math.Min(i + 8, buffer.Length); j++, value >>= 8) buffer[j] = (byte)value;
        }
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

/// <summary>Sampling helpers over <see cref="Rng"/>. Each user draws from its own stream so generation is parallel and reproducible.</summary>
internal static class Randomness
{
    public static int Categorical(Rng random, ReadOnlySpan<double> probabilities)
    {
        var u = random.NextDouble();
        var cumulative = 0.0;
        for (var i = 0; i < probabilities.Length; i++)
        {
            cumulative += probabilities[i];
            if (u < cumulative) return i;
        }

        // Rounding left u above the last cumulative sum: return the last non-zero outcome.
        for (var i = probabilities.Length - 1; i >= 0; i--)
        {
            if (probabilities[i] > 0) return i;
        }

        throw new ArgumentException("No outcome has positive probability.", nameof(probabilities));
    }

    public static int FromCumulative(Rng random, double[] cumulative)
    {
        var index = Array.BinarySearch(cumulative, random.NextDouble() * cumulative[^1]);
        return Math.Min(index < 0 ? ~index : index + 1, cumulative.Length - 1);
    }

    public static double Exponential(Rng random, double mean) => -mean * Math.Log(1 - random.NextDouble());

    /// <summary>Gamma with integer shape 2: the sum of two exponentials, exact.</summary>
    public static double GammaShape2(Rng random, double scale) => Exponential(random, scale) + Exponential(random, scale);

    public static int Poisson(Rng random, double mean)
    {
        var limit = Math.Exp(-mean);
        var count = 0;
        var product = random.NextDouble();
        while (product > limit)
        {
            count++;
            product *= random.NextDouble();
        }

        return count;
    }

    public static string Hex(Rng random, int bytes)
    {
        Span<byte> buffer = stackalloc byte[bytes];
        random.NextBytes(buffer);
        return Convert.ToHexStringLower(buffer);
    }

    public static Guid Uuid(Rng random)
    {
        Span<byte> buffer = stackalloc byte[16];
        random.NextBytes(buffer);
        buffer[7] = (byte)((buffer[7] & 0x0F) | 0x40); // version 4
        buffer[8] = (byte)((buffer[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(buffer);
    }
}
