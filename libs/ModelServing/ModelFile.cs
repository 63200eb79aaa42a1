using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Features;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DaprPredictor.ModelServing;

/// <summary>
/// model.zip is an ML.NET model zip plus one extra entry, <see cref="CardEntry"/>, holding the <see cref="ModelCard"/>.
/// The model version is a hash of the ML.NET model bytes, so the same bytes always have the same version.
/// </summary>
public static class ModelFile
{
    public const string CardEntry = "DaprPredictor/model-card.json";

    public static ModelCard Save(MLContext context, ITransformer model, DataViewSchema inputSchema, string path, string trainer, int trainRows, DateTimeOffset trainedAt)
    {
        using var buffer = new MemoryStream();
        context.Model.Save(model, inputSchema, buffer);
        var version = "m-" + Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)))[..12];
        var card = new ModelCard(version, FeatureSchema.Version, FeatureSchema.Names, trainer, trainedAt, trainRows);
        WriteCard(buffer, card);
        WriteAtomically(path, buffer);
        return card;
    }

    /// <summary>
    /// Rewrites the card of a saved model (training adds its held-out figures after evaluating the saved file). The
    /// ML.NET entries are untouched, so the model version, a hash of them, stays true.
    /// </summary>
    public static ModelCard UpdateCard(string path, Func<ModelCard, ModelCard> update)
    {
        var loaded = Load(path);
        var card = update(loaded.Card);
        if (card.ModelVersion != loaded.Card.ModelVersion) throw new ArgumentException("A card update cannot change the model version.", nameof(update));
        using var buffer = new MemoryStream();
        buffer.Write(File.ReadAllBytes(path));
        WriteCard(buffer, card);
        WriteAtomically(path, buffer);
        return card;
    }

    private static void WriteCard(MemoryStream buffer, ModelCard card)
    {
        using var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true);
        zip.GetEntry(CardEntry)?.Delete();
        var entry = zip.CreateEntry(CardEntry, CompressionLevel.Fastest);
        using var stream = entry.Open();
        JsonSerializer.Serialize(stream, card, ContractsJsonContext.Default.ModelCard);
    }

    /// <summary>Writes next to the target and renames, so a watcher never sees a half-written model.</summary>
    private static void WriteAtomically(string path, MemoryStream buffer)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(temporary, buffer.ToArray());
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Loads and validates a model; throws <see cref="ModelFileException"/> with a sentence saying what is wrong.</summary>
    public static LoadedModel Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelFileException($"cannot read model file '{path}': {ex.Message}", ex);
        }

        return Load(bytes, path);
    }

    public static LoadedModel Load(byte[] bytes, string source)
    {
        ModelCard card;
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
            var entry = zip.GetEntry(CardEntry) ?? throw new ModelFileException($"'{source}' has no {CardEntry}: it was not written by DaprPredictor training.");
            using var stream = entry.Open();
            card = JsonSerializer.Deserialize(stream, ContractsJsonContext.Default.ModelCard)
                ?? throw new ModelFileException($"'{source}' has an empty model card.");
        }
        catch (Exception ex) when (ex is InvalidDataException or JsonException or IOException)
        {
            throw new ModelFileException($"'{source}' is not a readable model zip: {ex.Message}", ex);
        }

        if (card.FeatureSchemaVersion != FeatureSchema.Version)
        {
            throw new ModelFileException($"'{source}' was trained on feature schema version {card.FeatureSchemaVersion}; this build assembles version {FeatureSchema.Version}.");
        }

        if (!card.FeatureNames.SequenceEqual(FeatureSchema.Names))
        {
            throw new ModelFileException($"'{source}' lists different feature names than schema version {FeatureSchema.Version}.");
        }

        var context = new MLContext(seed: 0);
        ITransformer transformer;
        DataViewSchema schema;
        try
        {
            transformer = context.Model.Load(new MemoryStream(bytes), out schema);
        }
        catch (Exception ex)
        {
            throw new ModelFileException($"ML.NET cannot load '{source}': {ex.Message}", ex);
        }

        if (schema.GetColumnOrNull(nameof(ModelInput.Features)) is not { Type: VectorDataViewType { Size: FeatureSchema.Length } })
        {
            throw new ModelFileException($"'{source}' does not take a {FeatureSchema.Length}-value Features vector.");
        }

        return new LoadedModel(transformer, card, context);
    }
}
