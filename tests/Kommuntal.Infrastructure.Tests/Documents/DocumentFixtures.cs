using Kommuntal.Core.Allocation;
using Kommuntal.Core.Documents;
using Kommuntal.Core.Reference;

namespace Kommuntal.Infrastructure.Tests.Documents;

/// <summary>
/// Decision contents for the PDF tests. Every number is the engine's, run on the bundled 2022 data
/// (länstal SFS 2021:870, SCB population 2021, Migrationsverket reception 2018); revisions are
/// derived by running the engine with a changed (test) länstal.
/// </summary>
internal static class DocumentFixtures
{
    public static AllocationResult Allocate(County county, int lanstal, IReadOnlyList<Municipality>? municipalities = null) =>
        new KommuntalModel().Allocate(new AllocationRequest(2022, county, lanstal, municipalities ?? ReferenceData.Bundled.MunicipalitiesIn(county.Code),
            ReferenceData.BundledIndicators(2022), [], ModelParameters.Default));

    public static DecisionContent Decision(string countyCode, int lanstal) => Decision(ReferenceData.Bundled.County(countyCode), Allocate(ReferenceData.Bundled.County(countyCode), lanstal));

    public static DecisionContent Decision(County county, AllocationResult allocation) => new()
    {
        Kind = DocumentKind.Decision,
        County = county,
        Year = 2022,
        Lanstal = allocation.Lanstal,
        NationalTotal = 7500,
        StatuteReference = "SFS 2021:870",
        DecisionDate = new DateOnly(2021, 11, 8),
        Diarienummer = "851-1234-2021",
        DecidedBy = "landshövding Maria Larsson",
        PresentedBy = "integrationssamordnare Ingela Fredriksson",
        Allocation = allocation,
        AppealHeading = "Upplysning om överklagande",
        AppealText = "Har ni frågor om beslutet eller om möjligheten att överklaga det, kontakta Länsstyrelsen och ange beslutets diarienummer.",
    };
}
