using System.Globalization;
using System.Text.Json;

namespace DaprPredictor.Standalone.Events;

/// <summary>
/// Reads a JSON array of events (or one event) from a request body, finding each element's bytes as they arrive. Both
/// limits hold while reading: the body's size, and the number of elements, counted by a reader that carries its state
/// from one read to the next, so a body of 16 MB of zeros is refused after its 10,001st element rather than after
/// being parsed whole (which cost about 25 bytes of memory per byte sent). Nothing is parsed into objects here: each
/// element is parsed on its own later and gets its own fate.
/// </summary>
internal static class EventBatchReader
{
    private const int FirstRead = 64 * 1024;

    public static async Task<EventBatch> ReadAsync(Stream body, long? contentLength, int maxBytes, int maxEvents, CancellationToken cancellationToken)
    {
        if (contentLength > maxBytes) return new(EventBatchStatus.TooLarge, [], []);

        var buffer = new byte[Math.Max(1, (int)Math.Min(contentLength ?? FirstRead, Math.Min(FirstRead, maxBytes)))];
        var scan = new Scan(maxBytes, maxEvents);
        var filled = 0;
        while (true)
        {
            if (filled == buffer.Length)
            {
                if (buffer.Length == maxBytes)
                {
                    // Full at the limit: one more byte means too large.
                    if (await body.ReadAsync(new byte[1], cancellationToken) > 0) return new(EventBatchStatus.TooLarge, [], []);
                    return scan.Finish(buffer, filled);
                }

                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, maxBytes));
            }

            var read = await body.ReadAsync(buffer.AsMemory(filled), cancellationToken);
            if (read == 0) return scan.Finish(buffer, filled);
            filled += read;
            if (!scan.Advance(buffer, filled, isFinalBlock: false)) return scan.Result(buffer);
        }
    }

    /// <summary>The reader's progress over the bytes received so far.</summary>
    private sealed class Scan(int maxBytes, int maxEvents)
    {
        private readonly List<Range> _elements = [];
        private JsonReaderState _state = new(new JsonReaderOptions { MaxDepth = maxBytes + 1 });
        private int _scanned;
        private int _elementStart = -1;
        private int _elementDepth = -1;
        private int _count;
        private EventBatchStatus _status = EventBatchStatus.Read;
        private string? _problem;

        public EventBatch Finish(byte[] buffer, int filled) => Advance(buffer, filled, isFinalBlock: true) ? new(EventBatchStatus.Read, buffer, _elements) : Result(buffer);

        public EventBatch Result(byte[] buffer) => new(_status, buffer, _elements, _problem);

        /// <summary>Reads the tokens complete so far; false once the body is refused.</summary>
        public bool Advance(byte[] buffer, int filled, bool isFinalBlock)
        {
            var reader = new Utf8JsonReader(buffer.AsSpan(_scanned, filled - _scanned), isFinalBlock, _state);
            try
            {
                while (reader.Read())
                {
                    if (!Token(ref reader)) return false;
                }
            }
            catch (JsonException ex)
            {
                (_status, _problem) = (EventBatchStatus.NotJson, string.Create(CultureInfo.InvariantCulture,
                    $"the body is not JSON at byte {_scanned + reader.BytesConsumed}: {ex.Message.Split(" LineNumber:")[0]}"));
                return false;
            }

            _scanned += (int)reader.BytesConsumed;
            _state = reader.CurrentState;
            return true;
        }

        /// <summary>
        /// Elements are the values at depth 1 of a root array, or the root value itself. A container element opens at its
        /// start token and closes at the end token of the same depth; a scalar is one token.
        /// </summary>
        private bool Token(ref Utf8JsonReader reader)
        {
            var depth = reader.CurrentDepth;
            var type = reader.TokenType;
            if (_elementDepth < 0)
            {
                // The root: an array holds the elements one level down; anything else is the one element.
                _elementDepth = type == JsonTokenType.StartArray ? 1 : 0;
                if (_elementDepth == 1) return true;
            }

            if (depth != _elementDepth || type is JsonTokenType.PropertyName or JsonTokenType.Comment) return true;
            var at = _scanned + (int)reader.TokenStartIndex;
            var end = _scanned + (int)reader.BytesConsumed;
            switch (type)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    _elementStart = at;
                    return Counted();
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    _elements.Add(_elementStart..end);
                    return true;
                default:
                    _elements.Add(at..end);
                    return Counted();
            }
        }

        private bool Counted()
        {
            if (++_count <= maxEvents) return true;
            _status = EventBatchStatus.TooManyEvents;
            return false;
        }
    }
}
