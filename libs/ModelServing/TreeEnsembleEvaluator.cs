using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace DaprPredictor.ModelServing;

/// <summary>
/// The trained model evaluated directly: FastTree's regression trees and the Platt calibrator that follows them, read
/// through ML.NET's public model parameters and walked without a PredictionEngine, its row cursor and its getters. The
/// arithmetic is ML.NET 5's own, step for step, so the probability is the same float:
/// <list type="bullet">
/// <item>a tree sends a value to its left child when <c>value &lt;= threshold</c> (float against float), else to its
/// right child, so a NaN goes right (<c>InternalRegressionTree.GetLeafCore</c>);</item>
/// <item>the score is the leaves' values added in tree order into a double that starts at 0, then cast to float
/// (<c>InternalTreeEnsemble.GetOutput</c>, <c>TreeEnsembleModelParameters.Map</c>); the ensemble's bias and tree
/// weights are not part of it there, so not here;</item>
/// <item>the probability is <c>(float)(1 / (1 + Math.Exp(slope * score + offset)))</c>, NaN for a NaN score
/// (<c>PlattCalibrator.PredictProbability</c>).</item>
/// </list>
/// What the public API does not show (a per-node value for missing inputs, which FastTree never writes) is why
/// <see cref="PooledPredictor"/> compares this evaluator with ML.NET on probe vectors before it uses it.
/// </summary>
public sealed class TreeEnsembleEvaluator
{
    /// <summary>Every tree's split nodes, trees one after another; a child below 0 is the leaf <c>~child</c> of <see cref="_leafValues"/>.</summary>
    private readonly Node[] _nodes;

    private readonly double[] _leafValues;

    private readonly int[] _roots;

    private readonly double _slope;
    private readonly double _offset;

    private TreeEnsembleEvaluator(Node[] nodes, double[] leafValues, int[] roots, int inputLength, PlattCalibrator calibrator)
    {
        (_nodes, _leafValues, _roots, InputLength) = (nodes, leafValues, roots, inputLength);
        (_slope, _offset) = (calibrator.Slope, calibrator.Offset);
    }

    public int Trees => _roots.Length;

    public int InputLength { get; }

    /// <summary>
    /// The evaluator of a model of the shape our training writes: FastTree binary trees (calibrated by ML.NET) followed
    /// by a Platt calibrator refitted on later data. Any other shape gives null and says why.
    /// </summary>
    public static TreeEnsembleEvaluator? TryCreate(ITransformer model, out string? unsupported)
    {
        var parts = model is IEnumerable<ITransformer> chain ? chain.ToArray() : [model];
        if (parts is not [BinaryPredictionTransformer<CalibratedModelParametersBase<FastTreeBinaryModelParameters, PlattCalibrator>> trees, PlattCalibratorTransformer platt])
        {
            unsupported = $"the model is {Describe(parts)}, not FastTree binary trees followed by a Platt calibrator";
            return null;
        }

        if (trees.FeatureColumnType is not VectorDataViewType { IsKnownSize: true } input || input.ItemType != NumberDataViewType.Single)
        {
            unsupported = $"the trees take {trees.FeatureColumnType}, not a vector of floats of known length";
            return null;
        }

        var ensemble = trees.Model.SubModel.TrainedTreeEnsemble;
        var nodes = new List<Node>();
        var leafValues = new List<double>();
        var roots = new int[ensemble.Trees.Count];
        for (var t = 0; t < roots.Length; t++)
        {
            var tree = ensemble.Trees[t];
            if (Unsupported(tree, input.Size) is { } problem)
            {
                unsupported = $"tree {t} {problem}";
                return null;
            }

            // ML.NET numbers a tree's split nodes from 0 and its leaves as ~leaf; here all trees share two arrays.
            var (nodeBase, leafBase) = (roots[t] = nodes.Count, leafValues.Count);
            int Child(int child) => child >= 0 ? nodeBase + child : ~(leafBase + ~child);
            for (var n = 0; n < tree.NumberOfNodes; n++)
            {
                nodes.Add(new Node(tree.NumericalSplitFeatureIndexes[n], tree.NumericalSplitThresholds[n], Child(tree.LeftChild[n]), Child(tree.RightChild[n])));
            }

            leafValues.AddRange(tree.LeafValues);
        }

        unsupported = null;
        return new TreeEnsembleEvaluator([.. nodes], [.. leafValues], roots, input.Size, ((IPredictionTransformer<PlattCalibrator>)platt).Model);
    }

    /// <summary>The calibrated probability of one feature vector, the same float ML.NET's PredictionEngine gives.</summary>
    public float Predict(ReadOnlySpan<float> features)
    {
        if (features.Length != InputLength) throw new ArgumentException($"The model takes {InputLength} values, got {features.Length}.", nameof(features));
        var score = (float)Score(features);

        // ML.NET's PlattCalibrator.PredictProbability, with its double arithmetic and its NaN rule.
        return float.IsNaN(score) ? score : (float)(1 / (1 + Math.Exp(_slope * score + _offset)));
    }

    /// <summary>
    /// The trees' sum, in tree order. A plain walk: walking several trees side by side without branches was tried and
    /// was no faster on real vectors (about 1.4 µs for the default 150 trees either way, against 2.6 µs for the engine).
    /// Compiled optimized from the first call: the unoptimized first tier of this loop is several times slower, and a
    /// replay's first seconds would spend it on every event.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double Score(ReadOnlySpan<float> features)
    {
        ref var x = ref MemoryMarshal.GetReference(features);
        ref var nodes = ref MemoryMarshal.GetArrayDataReference(_nodes);
        ref var leaves = ref MemoryMarshal.GetArrayDataReference(_leafValues);
        var sum = 0.0;
        foreach (var root in _roots)
        {
            var index = root;
            do
            {
                // Indices were checked when the trees were read: features against the input's length, children within the trees.
                ref readonly var node = ref Unsafe.Add(ref nodes, index);
                index = Unsafe.Add(ref x, node.Feature) <= node.Threshold ? node.Left : node.Right;
            }
            while (index >= 0);

            sum += Unsafe.Add(ref leaves, ~index);
        }

        return sum;
    }

    /// <summary>Why the evaluator cannot walk a tree safely and as ML.NET does, or null when it can.</summary>
    private static string? Unsupported(RegressionTree tree, int inputLength)
    {
        // ML.NET answers 0 for a tree that never split, not its one leaf's value; such trees fall back rather than be guessed at.
        if (tree.NumberOfLeaves < 2 || tree.NumberOfNodes != tree.NumberOfLeaves - 1) return $"has {tree.NumberOfLeaves} leaves and {tree.NumberOfNodes} splits";
        if (tree.CategoricalSplitFlags.Any(flag => flag)) return "has categorical splits";
        if (tree.NumericalSplitFeatureIndexes.FirstOrDefault(f => (uint)f >= (uint)inputLength, -1) is var feature and >= 0) return $"splits on feature {feature} of {inputLength}";
        return Walks(tree, 0, 0) ? null : "has a child out of range or a path longer than its splits";
    }

    /// <summary>Whether every walk from <paramref name="node"/> ends at a leaf in range within the tree's number of splits.</summary>
    private static bool Walks(RegressionTree tree, int node, int depth)
    {
        if (depth >= tree.NumberOfNodes) return false;
        foreach (var child in (ReadOnlySpan<int>)[tree.LeftChild[node], tree.RightChild[node]])
        {
            if (child >= tree.NumberOfNodes || ~child >= tree.NumberOfLeaves) return false;
            if (child >= 0 && !Walks(tree, child, depth + 1)) return false;
        }

        return true;
    }

    /// <summary>
    /// Vectors that probe every split: each value is one of the thresholds of its feature, a float either side of one,
    /// NaN, an infinity, zero or a random value, so that every comparison rule (ties, NaN, ordering) is exercised.
    /// </summary>
    public IEnumerable<float[]> Probes(int count, int seed)
    {
        var random = new Random(seed);
        var thresholds = new List<float>[InputLength];
        for (var f = 0; f < InputLength; f++) thresholds[f] = [];
        foreach (var node in _nodes) thresholds[node.Feature].Add(node.Threshold);

        for (var i = 0; i < count; i++)
        {
            var vector = new float[InputLength];
            for (var f = 0; f < InputLength; f++)
            {
                var near = thresholds[f].Count > 0 ? thresholds[f][random.Next(thresholds[f].Count)] : (float)random.NextDouble();
                vector[f] = random.Next(10) switch
                {
                    0 or 1 or 2 => near,
                    3 => MathF.BitDecrement(near),
                    4 => MathF.BitIncrement(near),
                    5 => float.NaN,
                    6 => random.Next(2) == 0 ? float.PositiveInfinity : float.NegativeInfinity,
                    7 => 0,
                    _ => near + (float)((random.NextDouble() - 0.5) * 2 * Math.Max(1, Math.Abs(near))),
                };
            }

            yield return vector;
        }
    }

    private static string Describe(ITransformer[] parts) =>
        parts.Length == 0 ? "an empty chain" : string.Join(" then ", parts.Select(p => p.GetType().Name));

    private readonly record struct Node(int Feature, float Threshold, int Left, int Right);
}
