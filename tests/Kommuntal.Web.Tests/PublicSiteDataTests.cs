using System.Globalization;
using System.Net;
using System.ServiceModel.Syndication;
using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Kommuntal.Application.PublicSite;
using Kommuntal.Web.Tests.Browser;
using Microsoft.Playwright;

namespace Kommuntal.Web.Tests;

/// <summary>
/// The open data and the feed of the public site (issue 18), downloaded from the links of its
/// pages in Chromium through the real local server: each format parsed (CSV both ways, XLSX with
/// OpenXml, JSON), each county's sum equal to its länstal; the Atom feed parsed with
/// System.ServiceModel.Syndication and checked against RFC 4287; ETag/304 and Cache-Control.
/// </summary>
[Collection(PublicSiteCollection.Name)]
public class PublicSiteDataTests(PublicSiteFixture site)
{
    private sealed record Row(string County, int Lanstal, string Municipality, int Kommuntal, int Version);

    [Fact]
    public async Task Each_data_format_downloaded_from_the_open_data_page_sums_to_each_countys_lanstal()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync(site.Url("/api/public"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Öppna data", Exact = true }).First.ClickAsync();
        await page.WaitForURLAsync(site.Url("/api/public/data"));
        var links = (await page.Locator("main .file-list a").EvaluateAllAsync<string[]>("as => as.map(a => a.getAttribute('href'))")).ToList();
        Assert.Equal(["-excel.csv", ".csv", ".xlsx", ".json"], links.Select(l => l["/api/public/data/kommuntal-2022".Length..]));
        Assert.Contains("CC0", await page.Locator("main").InnerTextAsync());

        var downloads = new Dictionary<string, byte[]>();
        foreach (var href in links)
        {
            var response = await page.Context.APIRequest.GetAsync(site.Url(href));
            Assert.Equal(200, response.Status);
            Assert.Equal("no-cache", response.Headers["cache-control"]);
            Assert.StartsWith("attachment; filename=\"kommuntal-2022", response.Headers["content-disposition"], StringComparison.Ordinal);
            downloads[href[(href.LastIndexOf('/') + 1)..]] = await response.BodyAsync();
        }

        var excel = downloads["kommuntal-2022-excel.csv"];
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), excel[..3]);
        var plain = downloads["kommuntal-2022.csv"];
        Assert.NotEqual(0xEF, plain[0]);
        var sets = new Dictionary<string, IReadOnlyList<Row>>
        {
            ["excel csv"] = Csv(Encoding.UTF8.GetString(excel[3..]), ';'),
            ["csv"] = Csv(Encoding.UTF8.GetString(plain), ','),
            ["xlsx"] = Xlsx(downloads["kommuntal-2022.xlsx"]),
            ["json"] = Json(downloads["kommuntal-2022.json"]),
        };
        foreach (var (format, rows) in sets)
        {
            Assert.True(rows.Count == 290, $"{format}: {rows.Count} rows");
            var counties = rows.GroupBy(r => r.County).ToList();
            Assert.Equal(21, counties.Count);
            foreach (var county in counties)
            {
                Assert.Single(county.Select(r => r.Lanstal).Distinct());
                Assert.True(county.Sum(r => r.Kommuntal) == county.First().Lanstal, $"{format}: {county.Key} sums to {county.Sum(r => r.Kommuntal)}, not {county.First().Lanstal}");
            }
            Assert.Equal(212, counties.Single(c => c.Key == "18").First().Lanstal);       // the current (revised) decision
            Assert.All(counties.Single(c => c.Key == "18"), r => Assert.Equal(2, r.Version));
            Assert.Equal(7_510, rows.GroupBy(r => r.County).Sum(c => c.First().Lanstal)); // 7 500 + Örebro's revision (+10); the other revised counties are not decided again
        }
        Assert.Equal(sets["csv"], sets["json"]);
        Assert.Equal(sets["csv"], sets["xlsx"]);
        Assert.Equal(sets["csv"], sets["excel csv"]);
    }

    [Fact]
    public async Task The_Atom_feed_has_one_valid_entry_per_decision_version_and_every_page_announces_it()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync(site.Url("/api/public/lan/18-orebro-lan"));
        var href = await page.GetAttributeAsync("link[rel=alternate][type='application/atom+xml']", "href");
        var response = await page.Context.APIRequest.GetAsync(site.Url(href!));
        Assert.Equal("application/atom+xml; charset=utf-8", response.Headers["content-type"]);
        var bytes = await response.BodyAsync();

        using (var reader = XmlReader.Create(new MemoryStream(bytes)))
        {
            var feed = SyndicationFeed.Load(reader);
            Assert.Equal("Beslut om kommuntal", feed.Title.Text);
            Assert.Equal(22, feed.Items.Count()); // 21 first decisions + Örebro län's version 2
            Assert.Single(feed.Items, i => i.Categories.Any(c => c.Name == "superseded"));
        }

        XNamespace atom = "http://www.w3.org/2005/Atom";
        var doc = XDocument.Load(new MemoryStream(bytes));
        var root = doc.Root!;
        Assert.Equal(atom + "feed", root.Name);
        // RFC 4287 4.1.1: exactly one id, title and updated; an author on the feed or on every entry.
        foreach (var name in new[] { "id", "title", "updated" }) Assert.Single(root.Elements(atom + name));
        Assert.Single(root.Elements(atom + "link"), l => (string?)l.Attribute("rel") == "self");
        var entries = root.Elements(atom + "entry").ToList();
        var expected = (await site.Get<PublicSiteService>().SiteAsync(default)).Decisions;
        Assert.Equal(expected.Count, entries.Count);
        Assert.Equal(entries.Count, entries.Select(e => (string)e.Element(atom + "id")!).Distinct().Count());
        foreach (var e in entries)
        {
            foreach (var name in new[] { "id", "title", "updated" }) Assert.Single(e.Elements(atom + name));
            Assert.Matches("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", (string)e.Element(atom + "id")!);
            Assert.NotNull(e.Element(atom + "author")?.Element(atom + "name"));
            DateTimeOffset.Parse((string)e.Element(atom + "updated")!, CultureInfo.InvariantCulture);
            // 4.2.7.2: at most one alternate link per type.
            var alternates = e.Elements(atom + "link").Where(l => (string?)l.Attribute("rel") == "alternate").Select(l => (string)l.Attribute("type")!).ToList();
            Assert.Equal(["application/pdf", "text/html"], alternates);
        }
        var superseded = entries.Single(e => e.Elements(atom + "category").Any(c => (string?)c.Attribute("term") == "superseded"));
        Assert.Contains("Örebro län: kommuntal 2022, beslut version 1 (ersatt av version 2)", (string)superseded.Element(atom + "title")!);
        // Each entry's PDF link gives the PDF.
        var pdf = superseded.Elements(atom + "link").Single(l => (string?)l.Attribute("type") == "application/pdf");
        Assert.Equal(200, (await page.Context.APIRequest.GetAsync(site.Url((string)pdf.Attribute("href")!))).Status);
    }

    [Fact]
    public async Task Pages_and_data_have_an_ETag_and_a_matching_If_None_Match_gets_304_and_no_cookie_is_set()
    {
        using var client = new HttpClient { BaseAddress = new Uri(site.BaseUrl) };
        foreach (var path in new[] { "/api/public", "/api/public/kommuner/1860-laxa", "/api/public/lan/18-orebro-lan", "/api/public/riket",
                     "/api/public/om-kommuntal", "/api/public/data", "/api/public/data/kommuntal-2022.xlsx", "/api/public/beslut.atom" })
        {
            var first = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.True(first.Headers.CacheControl!.NoCache, path);
            Assert.False(first.Headers.Contains("Set-Cookie"), path);
            var again = new HttpRequestMessage(HttpMethod.Get, path);
            again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
            var second = await client.SendAsync(again);
            Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
            Assert.Empty(await second.Content.ReadAsByteArrayAsync());
        }
        var missing = await client.GetAsync("/api/public/data/kommuntal-1999.csv");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("text/html", missing.Content.Headers.ContentType!.MediaType);
        var old = await client.GetAsync("/api/public/files/index.html");
        Assert.Equal("/api/public", old.RequestMessage!.RequestUri!.AbsolutePath); // the retired static page moved here
    }

    private static List<Row> Csv(string text, char separator)
    {
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(separator).ToList();
        Assert.Equal(OpenData.OpenDataWriter.Columns, header);
        return lines.Skip(1).Select(l => l.Split(separator)).Select(c => new Row(
            c[header.IndexOf("lanskod")], int.Parse(c[header.IndexOf("lanstal")], CultureInfo.InvariantCulture), c[header.IndexOf("kommunkod")],
            int.Parse(c[header.IndexOf("kommuntal")], CultureInfo.InvariantCulture), int.Parse(c[header.IndexOf("beslutsversion")], CultureInfo.InvariantCulture))).ToList();
    }

    private static List<Row> Xlsx(byte[] bytes)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var sheet = document.WorkbookPart!.WorksheetParts.Single().Worksheet;
        var rows = sheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>().ToList();
        string Text(Cell c) => c.InlineString?.InnerText ?? c.CellValue?.Text ?? "";
        var header = rows[0].Elements<Cell>().Select(Text).ToList();
        Assert.Equal(OpenData.OpenDataWriter.Columns, header);
        int Number(IList<Cell> cells, string column)
        {
            var cell = cells[header.IndexOf(column)];
            Assert.Equal(CellValues.Number, cell.DataType!.Value); // numbers are numbers
            return int.Parse(cell.CellValue!.Text, CultureInfo.InvariantCulture);
        }
        return rows.Skip(1).Select(r => r.Elements<Cell>().ToList()).Select(c => new Row(
            Text(c[header.IndexOf("lanskod")]), Number(c, "lanstal"), Text(c[header.IndexOf("kommunkod")]), Number(c, "kommuntal"), Number(c, "beslutsversion"))).ToList();
    }

    private static List<Row> Json(byte[] bytes)
    {
        using var json = JsonDocument.Parse(bytes);
        Assert.Equal(2022, json.RootElement.GetProperty("ar").GetInt32());
        Assert.Equal("CC0-1.0", json.RootElement.GetProperty("licens").GetString());
        return json.RootElement.GetProperty("kommuntal").EnumerateArray().Select(e => new Row(
            e.GetProperty("lanskod").GetString()!, e.GetProperty("lanstal").GetInt32(), e.GetProperty("kommunkod").GetString()!,
            e.GetProperty("kommuntal").GetInt32(), e.GetProperty("beslutsversion").GetInt32())).ToList();
    }
}
