using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Features;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DaprPredictor.ModelServing;

/// <summary>A model read from disk and checked: its card says which vectors it scores.</summary>
public sealed record LoadedModel(ITransformer Transformer, ModelCard Card, MLContext Context);
