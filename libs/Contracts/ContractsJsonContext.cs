using System.Text.Json;
using System.Text.Json.Serialization;
using DaprPredictor.Domain.Cleaning;
using DaprPredictor.Domain.Events;
using DaprPredictor.Domain.Features;
using DaprPredictor.Domain.Windows;

namespace DaprPredictor.Contracts;

/// <summary>
/// The one source-generated serializer context for everything the project reads or writes: wire events, published
/// messages, service requests and responses, state-store values, training's files.
/// camelCase; unknown members ignored; "NaN"/"Infinity" accepted for numbers so they can be rejected with a reason; any
/// other number written as a string refused; a member that appears twice refused (which of the two would count is what
/// a smuggled value relies on).
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    AllowDuplicateProperties = false,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(PageViewEvent))]
[JsonSerializable(typeof(PageViewEvent[]))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(UserWindow))]
[JsonSerializable(typeof(PurchaseRecord))]
[JsonSerializable(typeof(PurchaseSummary))]
[JsonSerializable(typeof(PurchaseFeatures))]
[JsonSerializable(typeof(Rejection))]
[JsonSerializable(typeof(ModelCard))]
[JsonSerializable(typeof(TrainingMetrics))]
[JsonSerializable(typeof(ConversionReport))]
[JsonSerializable(typeof(HeldOutLabel))]
[JsonSerializable(typeof(HeldOutEvaluation))]
[JsonSerializable(typeof(Prediction))]
[JsonSerializable(typeof(DeadLetter))]
[JsonSerializable(typeof(UserState))]
[JsonSerializable(typeof(UserOfflineFeatures))]
[JsonSerializable(typeof(OfflineFeaturesBatchRequest))]
[JsonSerializable(typeof(OfflineFeaturesBatchResponse))]
[JsonSerializable(typeof(CachedPurchaseSummary))]
[JsonSerializable(typeof(ScoreRequest))]
[JsonSerializable(typeof(ScoreResponse))]
[JsonSerializable(typeof(ModelStatus))]
[JsonSerializable(typeof(EventsAccepted))]
[JsonSerializable(typeof(TopicResponse))]
[JsonSerializable(typeof(BulkTopicResponse))]
public sealed partial class ContractsJsonContext : JsonSerializerContext;
