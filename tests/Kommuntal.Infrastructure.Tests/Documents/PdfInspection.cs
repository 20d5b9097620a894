using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Tokens;

namespace Kommuntal.Infrastructure.Tests.Documents;

/// <summary>A node of a PDF's structure tree: its type, its TH scope, its marked content and children.</summary>
public sealed record StructNode(string Type, string? Scope, IReadOnlyList<(int Page, int Mcid)> Content, IReadOnlyList<StructNode> Children)
{
    public IEnumerable<StructNode> Descendants() => Children.SelectMany(c => c.Descendants().Prepend(c));
}

/// <summary>
/// Reads a rendered PDF back with PdfPig: its text in reading order (the tagged content, without
/// artifacts), its lines as printed, its catalog and its structure tree.
/// </summary>
public sealed class PdfInspection : IDisposable
{
    public PdfDocument Document { get; }
    private readonly List<Page> _pages;
    private readonly Dictionary<IndirectReference, int> _pageNumbers = new();

    public PdfInspection(byte[] pdf)
    {
        Document = PdfDocument.Open(pdf);
        _pages = Document.GetPages().ToList();
        var pages = Resolve<DictionaryToken>(Catalog.Data["Pages"]);
        var n = 0;
        void Walk(DictionaryToken node)
        {
            foreach (var kid in Resolve<ArrayToken>(node.Data["Kids"]).Data)
            {
                var reference = ((IndirectReferenceToken)kid).Data;
                var dict = Resolve<DictionaryToken>(kid);
                if (dict.Data.TryGetValue("Kids", out _)) Walk(dict);
                else _pageNumbers[reference] = ++n;
            }
        }
        Walk(pages);
    }

    public IReadOnlyList<Page> Pages => _pages;
    public DictionaryToken Catalog => Document.Structure.Catalog.CatalogDictionary;

    public T Resolve<T>(IToken token) where T : class, IToken =>
        (token is IndirectReferenceToken r ? Document.Structure.GetObject(r.Data).Data : token) as T
        ?? throw new InvalidOperationException($"Expected {typeof(T).Name}, found {token}.");

    /// <summary>All marked-content sequences of a page, nested ones included.</summary>
    public static IEnumerable<MarkedContentElement> MarkedContents(Page page) => page.GetMarkedContents().SelectMany(Flatten);

    private static IEnumerable<MarkedContentElement> Flatten(MarkedContentElement e) => e.Children.SelectMany(Flatten).Prepend(e);

    /// <summary>
    /// The document's text as a screen reader gets it: the marked content of the structure, page
    /// by page in content order, artifacts (page headers, footers, repeated table headers) left out.
    /// Sequences are separated by a space; runs of spaces become one.
    /// </summary>
    public string ContentText()
    {
        var sb = new StringBuilder();
        foreach (var page in _pages)
            foreach (var mc in page.GetMarkedContents().Where(m => !m.IsArtifact))
                sb.Append(string.Concat(Letters(mc).Select(l => l.Value))).Append(' ');
        return CollapseSpaces(sb.ToString());
    }

    private static IEnumerable<Letter> Letters(MarkedContentElement mc) => mc.Letters.Concat(mc.Children.SelectMany(Letters));

    public static string CollapseSpaces(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var ch in s)
            if (ch != ' ' || sb.Length == 0 || sb[^1] != ' ') sb.Append(ch);
        return sb.ToString().Trim();
    }

    /// <summary>The printed lines of a page: words on the same baseline, left to right, joined by a space.</summary>
    public static List<string> Lines(Page page) =>
        page.GetWords().GroupBy(w => Math.Round(w.Letters[0].StartBaseLine.Y, 1))
            .OrderByDescending(g => g.Key)
            .Select(g => string.Join(" ", g.OrderBy(w => w.BoundingBox.Left).Select(w => w.Text)))
            .ToList();

    /// <summary>The structure tree below /StructTreeRoot (its single /Document element first).</summary>
    public StructNode StructureTree()
    {
        var root = Resolve<DictionaryToken>(Catalog.Data["StructTreeRoot"]);
        return Node(root, null);
    }

    private StructNode Node(DictionaryToken element, int? inheritedPage)
    {
        var type = element.Data.TryGetValue("S", out var s) ? ((NameToken)s).Data : "StructTreeRoot";
        int? page = element.Data.TryGetValue("Pg", out var pg) ? _pageNumbers[((IndirectReferenceToken)pg).Data] : inheritedPage;
        string? scope = null;
        if (element.Data.TryGetValue("A", out var a) && Resolve<IToken>(a) is DictionaryToken attributes && attributes.Data.TryGetValue("Scope", out var sc))
            scope = ((NameToken)sc).Data;
        var content = new List<(int, int)>();
        var children = new List<StructNode>();
        if (element.Data.TryGetValue("K", out var k))
        {
            var kids = Resolve<IToken>(k) is ArrayToken array ? array.Data : [k];
            foreach (var kid in kids)
            {
                switch (kid)
                {
                    case NumericToken mcid:
                        content.Add((page ?? throw new InvalidOperationException($"{type}: MCID without page"), mcid.Int));
                        break;
                    case DictionaryToken mcr when mcr.Data.TryGetValue("MCID", out var id):
                        content.Add((_pageNumbers[((IndirectReferenceToken)mcr.Data["Pg"]).Data], ((NumericToken)id).Int));
                        break;
                    default:
                        var child = Resolve<IToken>(kid);
                        if (child is DictionaryToken d && d.Data.TryGetValue("MCID", out var id2))
                            content.Add((_pageNumbers[((IndirectReferenceToken)d.Data["Pg"]).Data], ((NumericToken)id2).Int));
                        else if (child is DictionaryToken d2)
                            children.Add(Node(d2, page));
                        break;
                }
            }
        }
        return new StructNode(type, scope, content, children);
    }

    /// <summary>The letters of a structure element's own marked content (not its children's).</summary>
    public IEnumerable<(int Page, Letter Letter)> LettersOf(StructNode node) =>
        node.Content.SelectMany(c => MarkedContents(_pages[c.Page - 1]).Where(m => m.MarkedContentIdentifier == c.Mcid && !m.IsArtifact)
            .SelectMany(m => m.Letters).Select(l => (c.Page, l)));

    public string TextOf(StructNode node) =>
        CollapseSpaces(string.Concat(node.Descendants().Prepend(node).SelectMany(n => LettersOf(n)).Select(x => x.Letter.Value)));

    public void Dispose() => Document.Dispose();
}
