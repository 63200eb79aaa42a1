namespace DaprPredictor.ModelTraining.Import;

/// <summary>What a dataset row is, in our terms: a page view on a product or cart page, or an item of a purchase.</summary>
internal enum RowKind : byte
{
    ProductView,
    Cart,
    Purchase,
}
