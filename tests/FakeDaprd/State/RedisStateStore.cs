using System.Globalization;

namespace DaprPredictor.FakeDaprd.State;

/// <summary>
/// A state store with the semantics of components-contrib <c>state/redis/redis.go</c> (identical from v1.14.0 to
/// v1.18.4), the store every DaprPredictor deployment uses. Its Set runs a Lua script (<c>setDefaultQuery</c>) that
/// writes when the key is absent, when the stored version equals the request's, or when the request has no ETag and
/// the key was never written with first-write; otherwise the script fails. That failure is an ETag mismatch only if
/// the request had a non-empty ETag (<c>SetRequest.HasETag</c>, state/requests.go); with first-write and no ETag on an
/// existing key it is a plain error, which daprd answers with gRPC Internal. A missing or expired key accepts any ETag.
/// TTL (<c>ttlInSeconds</c>): above 0 EXPIRE, 0 or below PERSIST, absent keeps the key's current expiry (HSET does not
/// clear it). Expired keys are gone, first-write flag included, as Redis deletes them.
/// </summary>
public sealed class RedisStateStore(string name, TimeProvider clock)
{
    public const string TtlMetadata = "ttlInSeconds";

    private readonly Dictionary<string, StoredState> _items = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public string Name => name;

    /// <summary>The live item under <paramref name="key"/>, or null (HGETALL of a missing or expired key).</summary>
    public StoredState? Get(string key)
    {
        lock (_gate)
        {
            return LiveItem(key);
        }
    }

    /// <summary>Set as <c>StateStore.Set</c> does; throws <see cref="StateStoreException"/> as the component fails.</summary>
    /// <returns>The item now stored.</returns>
    public StoredState Set(string key, ReadOnlyMemory<byte> value, string? etag, WriteConcurrency concurrency, IReadOnlyDictionary<string, string> metadata)
    {
        var version = ParseETag(etag, concurrency);
        var ttl = ParseTtl(metadata);
        var hasETag = !string.IsNullOrEmpty(etag);
        lock (_gate)
        {
            var existing = LiveItem(key);
            var writes = existing is null || existing.Version == version || (!existing.FirstWrite && version == 0);
            if (!writes)
            {
                // The script's error() ("failed to set key ..."): an ETag mismatch only when the request carried an ETag.
                var scriptError = $"failed to set key {key}";
                throw hasETag
                    ? new StateStoreException(StateStoreFailure.ETagMismatch, $"possible etag mismatch. error from state store: {scriptError}")
                    : new StateStoreException(StateStoreFailure.Plain, $"failed to set key {key}: ERR user_script:11: {scriptError}");
            }

            var expiresAt = ttl switch
            {
                > 0 => clock.GetUtcNow().AddSeconds(ttl.Value),
                <= 0 => null,
                null => existing?.ExpiresAt,
            };
            var item = new StoredState(value.ToArray(), (existing?.Version ?? 0) + 1, existing?.FirstWrite == true || concurrency == WriteConcurrency.FirstWrite, expiresAt);
            _items[key] = item;
            return item;
        }
    }

    /// <summary>Delete as <c>StateStore.Delete</c> does (<c>delDefaultQuery</c>): a non-empty ETag must equal the stored version.</summary>
    public void Delete(string key, string? etag)
    {
        lock (_gate)
        {
            var existing = LiveItem(key);
            if (existing is not null && !string.IsNullOrEmpty(etag) && existing.ETag != etag)
            {
                throw new StateStoreException(StateStoreFailure.ETagMismatch, $"possible etag mismatch. error from state store: failed to delete {key}");
            }

            _items.Remove(key);
        }
    }

    /// <summary>Puts a value straight into the store as another writer without first-write would.</summary>
    public StoredState Seed(string key, byte[] value, TimeSpan? ttl = null)
    {
        lock (_gate)
        {
            var existing = LiveItem(key);
            var item = new StoredState(value, (existing?.Version ?? 0) + 1, existing?.FirstWrite == true, ttl is { } t ? clock.GetUtcNow() + t : null);
            _items[key] = item;
            return item;
        }
    }

    /// <summary>Live keys.</summary>
    public IReadOnlyList<string> Keys
    {
        get
        {
            lock (_gate)
            {
                return [.. _items.Keys.Where(k => LiveItem(k) is not null)];
            }
        }
    }

    private StoredState? LiveItem(string key)
    {
        if (!_items.TryGetValue(key, out var item)) return null;
        if (item.ExpiresAt is not { } at || clock.GetUtcNow() < at) return item;
        _items.Remove(key);
        return null;
    }

    // parseETag: last-write or no ETag is version 0; otherwise the ETag must be an integer (ETagInvalid otherwise).
    private static long ParseETag(string? etag, WriteConcurrency concurrency)
    {
        if (concurrency == WriteConcurrency.LastWrite || string.IsNullOrEmpty(etag)) return 0;
        return long.TryParse(etag, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new StateStoreException(StateStoreFailure.ETagInvalid, $"invalid etag value: strconv.Atoi: parsing \"{etag}\": invalid syntax");
    }

    // parseTTL: strconv.ParseInt; a value that does not parse fails the write with a plain error.
    private static long? ParseTtl(IReadOnlyDictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue(TtlMetadata, out var text) || text.Length == 0) return null;
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds)
            ? seconds
            : throw new StateStoreException(StateStoreFailure.Plain, $"failed to parse ttl from metadata: strconv.ParseInt: parsing \"{text}\": invalid syntax");
    }
}
