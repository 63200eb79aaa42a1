using System.ComponentModel.DataAnnotations;

namespace DaprPredictor.Standalone.Hosting;

public sealed class StandaloneOptions
{
    public const string Section = "Standalone";

    /// <summary>The model to serve; trained here first (small, with progress) when missing and no --model was given.</summary>
    [Required]
    public string ModelPath { get; set; } = Path.Combine("out", "standalone", "model.zip");

    /// <summary>The embedded offline store's data (training's purchases.jsonl); defaults to the one next to the model.</summary>
    public string? PurchasesPath { get; set; }

    public string ResolvedPurchasesPath => PurchasesPath ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(ModelPath))!, "purchases.jsonl");
}
