using System.Text.Json;

namespace DaprPredictor.Domain.Cleaning;

public static class RejectReasons
{
    private static readonly string[] Codes = Enum.GetValues<RejectReason>()
        .Select(r => JsonNamingPolicy.KebabCaseLower.ConvertName(r.ToString()))
        .ToArray();

    public static IReadOnlyList<RejectReason> All { get; } = Enum.GetValues<RejectReason>();

    public static string Code(this RejectReason reason) => Codes[(int)reason];
}
