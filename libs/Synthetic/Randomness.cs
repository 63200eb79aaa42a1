namespace DaprPredictor.Synthetic;

/// <summary>Seeding and sampling helpers. Each user draws from its own stream so generation is parallel and reproducible.</summary>
internal static class Randomness
{
    /// <summary>SplitMix64 finalizer: decorrelates (seed, index) pairs into independent stream seeds.</summary>
    public static int StreamSeed(int seed, long index, int salt)
    {
        var z = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)index * 0xBF58476D1CE4E5B9UL + (ulong)salt * 0x94D049BB133111EBUL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return unchecked((int)z);
    }

    public static int Categorical(Random random, ReadOnlySpan<double> probabilities)
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

    public static int FromCumulative(Random random, double[] cumulative)
    {
        var index = Array.BinarySearch(cumulative, random.NextDouble() * cumulative[^1]);
        return Math.Min(index < 0 ? ~index : index + 1, cumulative.Length - 1);
    }

    public static double Exponential(Random random, double mean) => -mean * Math.Log(1 - random.NextDouble());

    /// <summary>Gamma with integer shape 2: the sum of two exponentials, exact.</summary>
    public static double GammaShape2(Random random, double scale) => Exponential(random, scale) + Exponential(random, scale);

    public static int Poisson(Random random, double mean)
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

    public static string Hex(Random random, int bytes)
    {
        Span<byte> buffer = stackalloc byte[bytes];
        random.NextBytes(buffer);
        return Convert.ToHexStringLower(buffer);
    }

    public static Guid Uuid(Random random)
    {
        Span<byte> buffer = stackalloc byte[16];
        random.NextBytes(buffer);
        buffer[7] = (byte)((buffer[7] & 0x0F) | 0x40); // version 4
        buffer[8] = (byte)((buffer[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(buffer);
    }
}
