using System.Collections.Frozen;
using DaprPredictor.Domain.Events;

namespace DaprPredictor.Domain.Cleaning;

/// <summary>
/// Maps whatever a site sends as a page (a path, a full URL, a page name) onto the fixed vocabulary.
/// Rule: strip scheme and host, query and fragment; take the first path segment; match it whole,
/// then its leading word (letters and digits); anything unmatched is <see cref="PageType.Other"/>.
/// An empty path is the home page.
/// </summary>
public static class PageNormalizer
{
    private static readonly FrozenDictionary<string, PageType> Aliases = new Dictionary<string, PageType>(StringComparer.OrdinalIgnoreCase)
    {
        ["home"] = PageType.Home, ["index"] = PageType.Home, ["index.html"] = PageType.Home, ["start"] = PageType.Home, ["landing"] = PageType.Home,
        ["search"] = PageType.Search, ["s"] = PageType.Search, ["find"] = PageType.Search, ["results"] = PageType.Search,
        ["category"] = PageType.Category, ["categories"] = PageType.Category, ["c"] = PageType.Category, ["collection"] = PageType.Category,
        ["collections"] = PageType.Category, ["browse"] = PageType.Category, ["department"] = PageType.Category, ["shop"] = PageType.Category,
        ["product"] = PageType.Product, ["products"] = PageType.Product, ["p"] = PageType.Product, ["item"] = PageType.Product,
        ["items"] = PageType.Product, ["dp"] = PageType.Product, ["sku"] = PageType.Product,
        ["cart"] = PageType.Cart, ["basket"] = PageType.Cart, ["bag"] = PageType.Cart, ["trolley"] = PageType.Cart,
        ["checkout"] = PageType.Checkout, ["payment"] = PageType.Checkout, ["pay"] = PageType.Checkout, ["shipping"] = PageType.Checkout,
        ["account"] = PageType.Account, ["login"] = PageType.Account, ["signin"] = PageType.Account, ["sign-in"] = PageType.Account,
        ["register"] = PageType.Account, ["signup"] = PageType.Account, ["profile"] = PageType.Account, ["my-account"] = PageType.Account,
        ["help"] = PageType.Help, ["faq"] = PageType.Help, ["support"] = PageType.Help, ["contact"] = PageType.Help, ["returns"] = PageType.Help,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, PageType>.AlternateLookup<ReadOnlySpan<char>> Lookup =
        Aliases.GetAlternateLookup<ReadOnlySpan<char>>();

    public static PageType Normalize(ReadOnlySpan<char> raw)
    {
        var path = raw.Trim();
        var scheme = path.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            path = path[(scheme + 3)..];
            var slash = path.IndexOf('/');
            path = slash < 0 ? [] : path[slash..];
        }

        var cut = path.IndexOfAny('?', '#');
        if (cut >= 0) path = path[..cut];
        path = path.TrimStart('/');

        var end = path.IndexOf('/');
        var segment = (end < 0 ? path : path[..end]).Trim();
        if (segment.IsEmpty) return PageType.Home;
        if (Lookup.TryGetValue(segment, out var page)) return page;

        var word = 0;
        while (word < segment.Length && char.IsAsciiLetterOrDigit(segment[word])) word++;
        return word > 0 && word < segment.Length && Lookup.TryGetValue(segment[..word], out page) ? page : PageType.Other;
    }
}
