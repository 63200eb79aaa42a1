using DaprPredictor.Domain.Features;

namespace DaprPredictor.Pipeline.Tests.Predictions;

/// <summary>Expected vectors written by feature name: every slot not named is 0.</summary>
internal static class Vectors
{
    public static float[] Of(params (string Name, float Value)[] slots)
    {
        var vector = new float[FeatureSchema.Length];
        foreach (var (name, value) in slots)
        {
            var at = FeatureSchema.Names.ToList().IndexOf(name);
            Assert.True(at >= 0, $"no feature is called {name}");
            vector[at] = value;
        }

        return vector;
    }

    public static float Slot(float[] vector, string name) => vector[FeatureSchema.Names.ToList().IndexOf(name)];

    /// <summary>The four offline slots: purchase count, total spend, mean of the last three, days since the last purchase.</summary>
    public static (float, float, float, float) Offline(float[] vector) =>
        (Slot(vector, "purchase_count"), Slot(vector, "total_spend"), Slot(vector, "mean_last_three_purchases"), Slot(vector, "days_since_last_purchase"));

    public static readonly (float, float, float, float) ColdStart = (0, 0, 0, -1);
}
