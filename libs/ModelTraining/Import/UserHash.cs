using System.IO.Hashing;
using System.Text;

namespace DaprPredictor.ModelTraining.Import;

/// <summary>The hash a user is sampled by: of the id's UTF-8 bytes, so a user is the same user in a CSV file and in JSON Lines.</summary>
public static class UserHash
{
    private const long Seed = 0x0DA9_9ED1_C7;

    public static ulong Of(ReadOnlySpan<byte> userIdUtf8) => XxHash3.HashToUInt64(userIdUtf8, Seed);

    public static ulong Of(string? userId) => Of(Encoding.UTF8.GetBytes(userId ?? string.Empty));
}
