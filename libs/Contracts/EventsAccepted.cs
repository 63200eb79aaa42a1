namespace DaprPredictor.Contracts;

/// <summary>The answer to <c>POST /events</c>: how many events were queued and why the others were not.</summary>
public sealed record EventsAccepted(int Received, int Accepted, IReadOnlyList<EventRejection> Rejected);
