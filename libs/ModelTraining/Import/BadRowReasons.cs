using System.Text.Json;

namespace DaprPredictor.ModelTraining.Import;

public static class BadRowReasons
{
    private static readonly string[] Codes = Enum.GetValues<BadRowReason>().Select(r => JsonNamingPolicy.KebabCaseLower.ConvertName(r.ToString())).ToArray();

    public static IReadOnlyList<BadRowReason> All { get; } = Enum.GetValues<BadRowReason>();

    public static string Code(this BadRowReason reason) => Codes[(int)reason];
}
