namespace DaprPredictor.Contracts;

/// <summary>
/// The offline store's table: what training's seed creates and fills, and what offline-features queries
/// (its query is <c>PurchaseSummaryQuery</c> in services/offline-features).
/// </summary>
public static class OfflineStoreSchema
{
    public const string TableName = "purchases";

    public const string CreateTable = """
        CREATE TABLE IF NOT EXISTS purchases (
          purchase_id BIGINT NOT NULL PRIMARY KEY,
          user_id VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
          amount DECIMAL(12,2) NOT NULL,
          purchased_at DATETIME NOT NULL,
          KEY ix_purchases_user_time (user_id, purchased_at)
        )
        """;
}
