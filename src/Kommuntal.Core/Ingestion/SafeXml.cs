using System.Xml;

namespace Kommuntal.Core.Ingestion;

/// <summary>
/// Streaming reads of one XML part within <see cref="IngestionLimits"/>: no document type
/// declaration (so no external entity is fetched and no entity expanded), at most
/// <see cref="IngestionLimits.MaxPartBytes"/> characters, element nesting and name lengths checked
/// on every element, and text read in chunks so a long value is measured without being kept.
/// </summary>
internal sealed class SafeXml : IDisposable
{
    private readonly XmlReader _reader;
    private readonly IngestionLimits _limits;
    private readonly char[] _chunk = new char[4096];

    public string Part { get; }

    private SafeXml(XmlReader reader, string part, IngestionLimits limits)
    {
        _reader = reader;
        Part = part;
        _limits = limits;
    }

    public XmlReader Reader => _reader;

    public static SafeXml Create(Stream stream, string part, IngestionLimits limits)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = limits.MaxPartBytes,
            MaxCharactersFromEntities = 0,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            CloseInput = true,
        };
        return new SafeXml(XmlReader.Create(stream, settings), part, limits);
    }

    /// <summary>The next node, with the element checks; false at the end of the part.</summary>
    public bool Read()
    {
        bool more;
        try
        {
            more = _reader.Read();
        }
        catch (XmlException ex) when (ex.Message.Contains("DTD", StringComparison.Ordinal))
        {
            throw new InputRejectedException("xml-dtd",
                $"Delen {Echo(Part)} innehåller en dokumenttypsdeklaration (DOCTYPE); sådana godtas inte (de kan hämta andra filer eller växa utan gräns).",
                $"The part {Echo(Part)} contains a document type declaration (DOCTYPE); these are not accepted (they can fetch other files or expand without bound).");
        }
        if (more && _reader.NodeType == XmlNodeType.Element) CheckElement();
        return more;
    }

    private void CheckElement()
    {
        if (_reader.Depth >= _limits.MaxXmlDepth)
            throw new InputRejectedException("xml-too-deep",
                $"Delen {Echo(Part)} har element i mer än {_limits.MaxXmlDepth} nivåer; filen godtas inte.",
                $"The part {Echo(Part)} nests elements more than {_limits.MaxXmlDepth} levels deep; the file is not accepted.");
        CheckName(_reader.Name);
        if (!_reader.HasAttributes) return;
        while (_reader.MoveToNextAttribute()) CheckName(_reader.Name);
        _reader.MoveToElement();
    }

    private void CheckName(string name)
    {
        if (name.Length > _limits.MaxXmlNameLength)
            throw new InputRejectedException("xml-name-too-long",
                $"Delen {Echo(Part)} har ett element- eller attributnamn på {name.Length} tecken; högst {_limits.MaxXmlNameLength} godtas.",
                $"The part {Echo(Part)} has an element or attribute name of {name.Length} characters; at most {_limits.MaxXmlNameLength} are accepted.");
    }

    /// <summary>Whether the reader is on an element with this local name (namespaces are not compared: strict and transitional OOXML differ only there).</summary>
    public bool IsStart(string localName) => _reader.NodeType == XmlNodeType.Element && _reader.LocalName == localName;

    public bool IsEnd(string localName) => _reader.NodeType == XmlNodeType.EndElement && _reader.LocalName == localName;

    /// <summary>An attribute by local name (any namespace), or null.</summary>
    public string? Attribute(string localName)
    {
        if (!_reader.HasAttributes) return null;
        string? value = null;
        while (_reader.MoveToNextAttribute())
            if (_reader.LocalName == localName) { value = _reader.Value; break; }
        _reader.MoveToElement();
        return value;
    }

    /// <summary>
    /// Appends the value of the current text node to <paramref name="text"/> while it holds at most
    /// <paramref name="max"/> characters; returns the number of characters of the node (all of them counted, the excess dropped).
    /// </summary>
    public long AppendText(StringBuilder text, int max)
    {
        if (!_reader.CanReadValueChunk)
        {
            var v = _reader.Value;
            if (text.Length < max) text.Append(v, 0, Math.Min(v.Length, max - text.Length + 1));
            return v.Length;
        }
        long total = 0;
        int n;
        while ((n = _reader.ReadValueChunk(_chunk, 0, _chunk.Length)) > 0)
        {
            total += n;
            if (text.Length <= max) text.Append(_chunk, 0, Math.Min(n, max + 1 - text.Length));
        }
        return total;
    }

    /// <summary>Whether the current node carries text (text, CDATA or whitespace that is kept).</summary>
    public bool IsText => _reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace;

    public void Dispose() => _reader.Dispose();

    private static string Echo(string s) => ProblemList.Echo(s);
}
