namespace DaprPredictor.Domain.Events;

/// <summary>The fixed page vocabulary. Order is part of the feature schema: append only, never reorder.</summary>
public enum PageType
{
    Home = 0,
    Search = 1,
    Category = 2,
    Product = 3,
    Cart = 4,
    Checkout = 5,
    Account = 6,
    Help = 7,
    Other = 8,
}
