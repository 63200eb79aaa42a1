namespace DaprPredictor.ModelTraining.Import;

/// <summary>Why a row of a dataset was skipped. Never fatal: counted by reason, first occurrence kept (conversion.json).</summary>
public enum BadRowReason
{
    /// <summary>Not as many fields as the header has columns.</summary>
    WrongColumnCount,

    /// <summary>A quoted field that does not close on its line (neither dataset has line breaks inside fields).</summary>
    MalformedQuotes,

    /// <summary>Longer than <see cref="CsvLineReader.MaxLineBytes"/>: not a row of these datasets.</summary>
    RowTooLong,

    /// <summary>Bytes that are not UTF-8.</summary>
    InvalidUtf8,

    UnparsableTime,
    UnknownEventType,
    MissingUser,

    /// <summary>A user id the services would refuse (too long, whitespace, control or invisible characters): it could not key the offline store.</summary>
    InvalidUser,

    /// <summary>A REES46 row without <c>user_session</c>.</summary>
    MissingSession,

    NegativePrice,
    UnparsablePrice,

    /// <summary>A RetailRocket transaction row without <c>transactionid</c>: no order to put it in.</summary>
    MissingTransaction,

    /// <summary>A purchase row repeated verbatim within its order: counted once, so the amount is not doubled.</summary>
    DuplicatePurchaseRow,
}
