namespace DaprPredictor.Contracts;

/// <summary>
/// The users whose events are kept for training: all of them, or, when the dataset has more page views than
/// <see cref="MaxEvents"/>, the users whose id hashes below a threshold (whole users, the same ones on every run).
/// </summary>
/// <param name="UserShare">The threshold as a share of the hash range: the expected share of users kept.</param>
public sealed record ConversionSample(long? MaxEvents, double UserShare, long Events, int Users);
