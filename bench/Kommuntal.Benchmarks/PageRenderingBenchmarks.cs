using BenchmarkDotNet.Attributes;
using Kommuntal.Application.Options;
using Kommuntal.Core.Allocation;
using Kommuntal.Core.Quotas;
using Kommuntal.Core.Reference;
using Kommuntal.Web;
using Kommuntal.Web.Components;
using Kommuntal.Web.Layouts;
using Kommuntal.Web.Pages.Public;
using Kommuntal.Web.Rendering;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kommuntal.Benchmarks;

/// <summary>
/// Server-side rendering of pages with <see cref="PageRenderer"/> (docs/benchmarks.md, "Pages"): the
/// accessibility statement, and a page with a 290-row table (every municipality with its county,
/// population and the model's kommuntal for 2022) in the public layout, to UTF-8 bytes; and the ETag
/// of the table page's bytes.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class PageRenderingBenchmarks
{
    private PageRenderer _pages = null!;
    private Dictionary<string, object?> _statement = null!;
    private Dictionary<string, object?> _table = null!;
    private byte[] _tableBytes = null!;

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddKommuntalWeb()
            .BuildServiceProvider();
        _pages = services.GetRequiredService<PageRenderer>();
        _statement = new() { [nameof(AccessibilityStatementPage.Statement)] = Web.Pages.Public.AccessibilityStatement.From(new WebOptions(), new KommuntalOptions(), ReferenceData.Bundled) };
        _table = new() { [nameof(MunicipalityTablePage.Rows)] = MunicipalityTablePage.Rows2022() };
        _tableBytes = _pages.RenderAsync<MunicipalityTablePage>(_table).GetAwaiter().GetResult();
        Console.WriteLine($"// accessibility statement: {_pages.RenderAsync<AccessibilityStatementPage>(_statement).GetAwaiter().GetResult().Length} bytes; 290-row table page: {_tableBytes.Length} bytes");
    }

    [Benchmark]
    public Task<byte[]> AccessibilityStatement() => _pages.RenderAsync<AccessibilityStatementPage>(_statement);

    [Benchmark]
    public Task<byte[]> TablePage290Rows() => _pages.RenderAsync<MunicipalityTablePage>(_table);

    [Benchmark]
    public string ETagOfTablePage() => ETags.Of(_tableBytes);
}

/// <summary>A benchmark page: the public layout with a heading and a 290-row <see cref="DataTable{TRow}"/>.</summary>
public sealed class MunicipalityTablePage : ComponentBase
{
    public sealed record Row(string Code, string Name, County County, long? Population, int Kommuntal);

    [Parameter] public IReadOnlyList<Row> Rows { get; set; } = [];

    private static readonly IReadOnlyList<TableColumn<Row>> Columns =
    [
        TableColumn<Row>.Of("Kommun", r => r.Name, rowHeader: true),
        new TableColumn<Row>("Län") { Template = r => b => { b.OpenElement(0, "a"); b.AddAttribute(1, "href", Routes.Public.County(r.County.Slug)); b.AddContent(2, r.County.Name); b.CloseElement(); } },
        TableColumn<Row>.Of("Kommunkod", r => r.Code),
        TableColumn<Row>.Number("Folkmängd", r => r.Population),
        TableColumn<Row>.Number("Kommuntal", r => r.Kommuntal),
    ];

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        builder.OpenComponent<PublicLayout>(0);
        builder.AddComponentParameter(1, nameof(PublicLayout.Title), "Kommuntal 2022 per kommun");
        builder.AddComponentParameter(2, nameof(PublicLayout.ChildContent), (RenderFragment)(b =>
        {
            b.OpenElement(0, "h1");
            b.AddContent(1, "Kommuntal 2022 per kommun");
            b.CloseElement();
            b.OpenComponent<DataTable<Row>>(2);
            b.AddComponentParameter(3, nameof(DataTable<Row>.Caption), "Kommuntal 2022 för alla 290 kommuner");
            b.AddComponentParameter(4, nameof(DataTable<Row>.CaptionNote), "Beräknat med modellen på 2022 års underlag; folkmängd den 31 december 2021.");
            b.AddComponentParameter(5, nameof(DataTable<Row>.Columns), Columns);
            b.AddComponentParameter(6, nameof(DataTable<Row>.Rows), Rows);
            b.CloseComponent();
        }));
        builder.CloseComponent();
    }

    /// <summary>Every municipality with the model's kommuntal for 2022 (bundled quota and indicators).</summary>
    public static IReadOnlyList<Row> Rows2022()
    {
        var reference = ReferenceData.Bundled;
        var indicators = ReferenceData.BundledIndicators(2022);
        var quota = new QuotaParser(reference).Parse(new Core.Ingestion.InputFile("lanstal-2022.csv",
            System.Text.Encoding.UTF8.GetBytes(ReferenceData.BundledQuotaCsv(2022)!)), 2022);
        var engine = new KommuntalModel();
        return quota.Counties
            .SelectMany(c => engine.Allocate(new AllocationRequest(2022, reference.County(c.CountyCode), c.Lanstal,
                reference.MunicipalitiesIn(c.CountyCode), indicators, [], ModelParameters.Default)).Municipalities
                .Select(m => new Row(m.Code, m.Name, reference.County(c.CountyCode),
                    indicators.Rows.First(r => r.MunicipalityCode == m.Code).Population is { } p ? (long)p : null, m.Kommuntal)))
            .OrderBy(r => r.Code, StringComparer.Ordinal)
            .ToList();
    }
}
