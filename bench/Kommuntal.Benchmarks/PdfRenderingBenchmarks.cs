using BenchmarkDotNet.Attributes;
using Kommuntal.Core.Allocation;
using Kommuntal.Core.Documents;
using Kommuntal.Core.Reference;
using Kommuntal.Infrastructure.Pdf;

namespace Kommuntal.Benchmarks;

/// <summary>
/// Rendering the Västra Götaland decision (49 municipalities, tables over several pages, annex) to a
/// tagged PDF. Target (issue 6): ≤ 50 ms median after warm-up, ≤ 150 KB. Results: docs/benchmarks.md.
/// </summary>
[MemoryDiagnoser, MedianColumn, MinColumn, MaxColumn]
public class PdfRenderingBenchmarks
{
    private readonly PdfDocumentRenderer _renderer = new();
    private DecisionDocument _vastraGotaland = null!;
    private DecisionDocument _orebro = null!;
    private byte[] _vastraGotalandPdf = null!;

    [GlobalSetup]
    public void Setup()
    {
        _vastraGotaland = Build("14", 1301);
        _orebro = Build("18", 202);
        _vastraGotalandPdf = _renderer.RenderPdf(_vastraGotaland);
        var size = _vastraGotalandPdf.Length;
        Console.WriteLine($"// Västra Götaland decision: {size} bytes ({size / 1024.0:0.0} KiB)");
    }

    private static DecisionDocument Build(string county, int lanstal)
    {
        var c = ReferenceData.Bundled.County(county);
        var allocation = new KommuntalModel().Allocate(new AllocationRequest(2022, c, lanstal, ReferenceData.Bundled.MunicipalitiesIn(county),
            ReferenceData.BundledIndicators(2022), [], ModelParameters.Default));
        return DecisionDocumentBuilder.Build(new DecisionContent
        {
            Kind = DocumentKind.Decision, County = c, Year = 2022, Lanstal = lanstal, NationalTotal = 7500, StatuteReference = "SFS 2021:870",
            DecisionDate = new DateOnly(2021, 11, 8), Diarienummer = "851-1234-2021", DecidedBy = "landshövding Maria Larsson",
            PresentedBy = "integrationssamordnare Ingela Fredriksson", Allocation = allocation,
            AppealHeading = "Upplysning om överklagande",
            AppealText = "Har ni frågor om beslutet eller om möjligheten att överklaga det, kontakta Länsstyrelsen och ange beslutets diarienummer.",
        });
    }

    [Benchmark(Description = "Västra Götaland decision with annex (49 municipalities)")]
    public byte[] VastraGotaland() => _renderer.RenderPdf(_vastraGotaland);

    [Benchmark(Description = "Örebro decision with annex (12 municipalities)")]
    public byte[] Orebro() => _renderer.RenderPdf(_orebro);

    /// <summary>
    /// The Flate checksum pass alone on the Västra Götaland decision (issue 14, item 12): it reads the
    /// cross-reference table, inflates every Flate stream to compute its Adler-32 and copies the
    /// file. On a file whose streams are already complete it does all of that and appends nothing,
    /// so this is the pass's cost within the renderer.
    /// </summary>
    [Benchmark(Description = "Flate checksum pass on the Västra Götaland decision")]
    public byte[] FlateChecksums() => FlateStreamRepair.Complete(_vastraGotalandPdf);
}
