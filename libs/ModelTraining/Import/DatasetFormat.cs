namespace DaprPredictor.ModelTraining.Import;

/// <summary>The public clickstream datasets the importer reads (docs/model.md, "Real data").</summary>
public enum DatasetFormat
{
    /// <summary>REES46 "eCommerce behavior data from multi category store": <c>event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session</c>.</summary>
    Rees46,

    /// <summary>RetailRocket <c>events.csv</c>: <c>timestamp,visitorid,event,itemid,transactionid</c>; no sessions, no prices.</summary>
    RetailRocket,
}
