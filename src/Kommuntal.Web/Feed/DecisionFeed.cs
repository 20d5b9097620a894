using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using Kommuntal.Application.PublicSite;

namespace Kommuntal.Web.Feed;

/// <summary>
/// The Atom feed of decisions (RFC 4287): one entry per published decision version, a superseded
/// version marked as such (title, category "superseded", updated when it was superseded). Ids are
/// stable <c>urn:uuid:</c> names derived from the document's path (a version's path never changes),
/// links are relative to the feed (RFC 4287 3.4, resolved against the feed's own URL). Written with
/// <see cref="XmlWriter"/>, newest first.
/// </summary>
public static class DecisionFeed
{
    public const string ContentType = "application/atom+xml; charset=utf-8";
    private const string Atom = "http://www.w3.org/2005/Atom";

    public static byte[] Write(PublicSiteView site, string publisher)
    {
        var entries = site.Decisions.OrderByDescending(Updated).ThenBy(d => d.County.Code, StringComparer.Ordinal).ThenByDescending(d => d.Version).ToList();
        using var stream = new MemoryStream();
        using (var xml = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, Async = false }))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("feed", Atom);
            xml.WriteAttributeString("xml", "lang", null, "sv");
            xml.WriteElementString("id", Atom, Uuid("kommuntal:decision-feed"));
            xml.WriteElementString("title", Atom, "Beslut om kommuntal");
            xml.WriteElementString("subtitle", Atom, "Länsstyrelsernas beslut om hur många nyanlända varje kommun ska ta emot, och beslut som har ersatts.");
            xml.WriteElementString("updated", Atom, Stamp(entries.Count > 0 ? entries.Max(Updated) : site.Root?.UpdatedAt ?? DateTimeOffset.UnixEpoch));
            Link(xml, "self", DecisionFeed.ContentType.Split(';')[0], Routes.Public.Feed);
            Link(xml, "alternate", "text/html", Routes.Public.Start);
            xml.WriteStartElement("author", Atom);
            xml.WriteElementString("name", Atom, publisher);
            xml.WriteEndElement();
            foreach (var d in entries) Entry(xml, d);
            xml.WriteEndElement();
        }
        return stream.ToArray();
    }

    private static void Entry(XmlWriter xml, DecisionVersion d)
    {
        var year = d.Year.ToString(CultureInfo.InvariantCulture);
        xml.WriteStartElement("entry", Atom);
        xml.WriteElementString("id", Atom, Uuid("kommuntal:decision:" + d.Path));
        xml.WriteElementString("title", Atom, $"{d.County.Name}: kommuntal {year}, beslut version {d.Version}" + (d.Superseded ? $" (ersatt av version {d.SupersededBy})" : ""));
        xml.WriteElementString("published", Atom, Stamp(d.PublishedAt));
        xml.WriteElementString("updated", Atom, Stamp(Updated(d)));
        Link(xml, "alternate", "application/pdf", Routes.Public.File(d.Path), length: d.Size);
        Link(xml, "alternate", "text/html", Routes.Public.County(d.County.Slug));
        xml.WriteStartElement("author", Atom);
        xml.WriteElementString("name", Atom, "Länsstyrelsen i " + d.County.Name);
        xml.WriteEndElement();
        xml.WriteStartElement("category", Atom);
        xml.WriteAttributeString("term", d.Superseded ? "superseded" : "current");
        xml.WriteAttributeString("label", d.Superseded ? "Ersatt" : "Gällande");
        xml.WriteEndElement();
        xml.WriteStartElement("summary", Atom);
        xml.WriteAttributeString("type", "text");
        xml.WriteString($"{d.County.Name} beslutade den {Format.Date(d.DecisionDate)} (dnr {d.Diarienummer}) om kommuntal för {year}: länstal {Format.Number(d.Lanstal)}. "
            + (d.Superseded ? $"Beslutet har ersatts av version {d.SupersededBy}." : "Beslutet gäller.")
            + $" PDF-filens SHA-256: {d.Sha256}.");
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static DateTimeOffset Updated(DecisionVersion d) => d.Superseded && d.SupersededAt is { } at ? at : d.PublishedAt;

    private static void Link(XmlWriter xml, string rel, string type, string href, long? length = null)
    {
        xml.WriteStartElement("link", Atom);
        xml.WriteAttributeString("rel", rel);
        xml.WriteAttributeString("type", type);
        xml.WriteAttributeString("href", href);
        if (length is { } l) xml.WriteAttributeString("length", l.ToString(CultureInfo.InvariantCulture));
        xml.WriteEndElement();
    }

    private static string Stamp(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A name-based UUID (version 8, RFC 9562) from the SHA-256 of <paramref name="name"/>: the same name, the same id.</summary>
    public static string Uuid(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        var hex = Convert.ToHexStringLower(hash.AsSpan(0, 16));
        return $"urn:uuid:{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..32]}";
    }
}
