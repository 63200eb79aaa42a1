using System.IO.Compression;
using DaprPredictor.ModelServing;

namespace DaprPredictor.Testing;

/// <summary>model.zip files that must be refused, built from a good one.</summary>
public static class DamagedModels
{
    /// <summary>A zip with an ML.NET-looking entry but no model card.</summary>
    public static byte[] WithoutCard()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true)) zip.CreateEntry("Model/Model.key");
        return buffer.ToArray();
    }

    /// <summary>The same model with its card's text edited, e.g. to claim another feature schema version.</summary>
    public static byte[] WithCardEdited(byte[] model, string from, string to)
    {
        using var buffer = new MemoryStream();
        buffer.Write(model);
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
        {
            var card = zip.GetEntry(ModelFile.CardEntry)!;
            string text;
            using (var reader = new StreamReader(card.Open())) text = reader.ReadToEnd();
            if (!text.Contains(from, StringComparison.Ordinal)) throw new InvalidOperationException($"the model card no longer contains {from}: {text}");
            card.Delete();
            using var writer = new StreamWriter(zip.CreateEntry(ModelFile.CardEntry).Open());
            writer.Write(text.Replace(from, to, StringComparison.Ordinal));
        }

        return buffer.ToArray();
    }

    public static byte[] OfAnotherSchema(byte[] model) =>
        WithCardEdited(model, "\"featureSchemaVersion\":1", "\"featureSchemaVersion\":99");
}
