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

    /// <summary>
    /// True serves the HTTP API until stopped, skipping the command line's flow (training, replay, summary, exit): for a
    /// container or a service manager, and for hosts started by something else (WebApplicationFactory).
    /// </summary>
    public bool ServeOnly { get; set; }

    public string ResolvedPurchasesPath => PurchasesPath ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(ModelPath))!, "purchases.jsonl");
}
