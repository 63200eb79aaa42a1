using System.Text.Json;
using System.Text.Json.Serialization;

namespace DaprPredictor.Domain.Cleaning;

public sealed class RejectReasonJsonConverter() : JsonStringEnumConverter<RejectReason>(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false);
