namespace DaprPredictor.Domain.Events;

public static class PageTypes
{
    public const int Count = 9;

    public static readonly PageType[] All = Enum.GetValues<PageType>();

    public static string Name(PageType page) => Names[(int)page];

    private static readonly string[] Names = All.Select(p => p.ToString().ToLowerInvariant()).ToArray();
}
