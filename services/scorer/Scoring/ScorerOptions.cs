using System.ComponentModel.DataAnnotations;

namespace DaprPredictor.Scorer.Scoring;

/// <summary>The "Scorer" configuration section, validated when the host starts.</summary>
public sealed class ScorerOptions
{
    public const string Section = "Scorer";

    /// <summary>model.zip to serve; a relative path is relative to the working directory (where the command was run).</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Scorer:ModelPath is required: the path of the model.zip to serve.")]
    public string ModelPath { get; set; } = string.Empty;

    /// <summary>How often the model file is checked when no file-system event says it changed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00", ErrorMessage = "Scorer:ReloadPollInterval must be between 50 ms and 1 hour.")]
    public TimeSpan ReloadPollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Quiet time after a file-system event before the file is read.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10", ErrorMessage = "Scorer:ReloadDebounce must be between 0 and 10 seconds.")]
    public TimeSpan ReloadDebounce { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Upper bound on vectors per request, so one request cannot hold the predictors for long.</summary>
    [Range(1, 65_536, ErrorMessage = "Scorer:MaxBatchSize must be between 1 and 65536.")]
    public int MaxBatchSize { get; set; } = 1024;

    /// <summary>
    /// The largest <c>POST /score</c> body: a full batch of 1,024 vectors written out is about 0.6 MB. A larger body is
    /// refused with 413 before it is read, so that it costs no memory.
    /// </summary>
    [Range(1024, 64 * 1024 * 1024, ErrorMessage = "Scorer:MaxBodyBytes must be between 1024 (1 KiB) and 67108864 (64 MiB).")]
    public int MaxBodyBytes { get; set; } = 4 * 1024 * 1024;
}
