namespace DaprPredictor.Deployment.Tests.Checks;

public static class Violations
{
    public static void AssertNone(IEnumerable<string> violations)
    {
        var list = violations.ToList();
        Assert.True(list.Count == 0, $"{list.Count} problem(s):\n  " + string.Join("\n  ", list));
    }
}
