using System.Globalization;

namespace DaprPredictor.Testing;

/// <summary>How a process ended; a null code means it was still running at the timeout and was killed.</summary>
public sealed record ProcessExit(int? Code, string Output, string Error)
{
    public bool TimedOut => Code is null;

    public IReadOnlyList<string> ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() =>
        $"exit code {Code?.ToString(CultureInfo.InvariantCulture) ?? "none (still running)"}\nstderr:\n{Error}\nstdout:\n{Output}";
}
