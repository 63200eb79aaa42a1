namespace DaprPredictor.Synthetic;

public sealed record Product(string ProductId, string Category, decimal Price);
