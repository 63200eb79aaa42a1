using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Channels;
using DaprPredictor.Domain.Cleaning;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Events;
using DaprPredictor.Pipeline.Predictions;
using DaprPredictor.Pipeline.Seams;
using Microsoft.Extensions.Options;

namespace DaprPredictor.Embedded;

/// <summary>A page view on its way to the pipeline: the bytes as a broker would carry them, or an event already read.</summary>
public sealed record PageViewMessage(ReadOnlyMemory<byte> Json, PageViewEvent? Event, DateTimeOffset? EventTime, string PartitionKey);
