using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Features;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DaprPredictor.ModelServing;

public sealed class ModelFileException(string message, Exception? inner = null) : Exception(message, inner);
