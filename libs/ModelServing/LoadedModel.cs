using DaprPredictor.Contracts;
using Microsoft.ML;

namespace DaprPredictor.ModelServing;

/// <summary>A model read from disk and checked: its card says which vectors it scores.</summary>
public sealed record LoadedModel(ITransformer Transformer, ModelCard Card, MLContext Context);
