using Kommuntal.Application.Ports;
using Kommuntal.Application.Services;
using Kommuntal.Core.Ingestion;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Core.Validation;
using Kommuntal.Testing;

namespace Kommuntal.Infrastructure.Tests;

/// <summary>Issue 14 through the application service against Azurite: what is decided, and what is refused without storing anything.</summary>
public class DecisionServiceTests
{
    private static readonly DecisionRequest Request = new(new DateOnly(2021, 11, 8), "851-1234-2021", "landshövding Maria Larsson", "integrationssamordnare Ingela Fredriksson");

    private static async Task<CountyYearService> ProposalThenWhatIfAsync(TestHost host)
    {
        await host.Get<QuotaImportService>().ImportAsync(Samples.Quota2022Csv, 2022, "test", default);
        var service = host.Get<CountyYearService>();
        await service.ProposeAsync(2022, "18", "test", null, DraftPurpose.Proposal, default);
        var (_, whatIf) = await service.ProposeAsync(2022, "18", "test", null, DraftPurpose.WhatIf, default);
        Assert.Equal(2, whatIf.Number);
        return service;
    }

    [Fact]
    public async Task Deciding_without_naming_a_draft_decides_the_latest_proposal_and_says_so_in_the_audit_trail()
    {
        await using var host = new TestHost();
        var service = await ProposalThenWhatIfAsync(host);
        var (snapshot, decision) = await service.DecideAsync(2022, "18", Request, "test", default);
        Assert.Equal(1, decision.DraftNumber);
        Assert.Equal(snapshot.ETag, (await host.Get<ICountyYearStore>().LoadAsync(2022, "18", default)).ETag);
        var audit = await host.Get<ICountyYearStore>().ReadAuditAsync(2022, "18", default);
        Assert.Contains("från förslag 1", audit.Single(a => a.Action == "decision.decided").Details);
    }

    [Fact]
    public async Task A_named_what_if_and_hidden_characters_are_refused_and_nothing_is_stored()
    {
        await using var host = new TestHost();
        var service = await ProposalThenWhatIfAsync(host);
        var store = host.Get<ICountyYearStore>();
        var before = await store.LoadAsync(2022, "18", default);

        var conflict = await Assert.ThrowsAsync<InvalidTransitionException>(() => service.DecideAsync(2022, "18", Request with { DraftNumber = 2 }, "test", default));
        Assert.Equal("not-a-proposal", conflict.Code);
        Assert.Equal(FailureKind.Conflict, conflict.Kind);

        var hidden = await Assert.ThrowsAsync<ValidationFailedException>(() => service.DecideAsync(2022, "18",
            Request with { PresentedBy = "Ingela\u2067 Fredriksson", Texts = new DecisionTexts { ConsultationSummary = "Alla\u202A kommuner svarade." } }, "test", default));
        Assert.Equal(["presentedBy", "texts.consultationSummary"], hidden.Problems.Select(p => p.Field));
        Assert.All(hidden.Problems, p => Assert.Equal("invisible-character", p.Code));

        var after = await store.LoadAsync(2022, "18", default);
        Assert.Equal(before.ETag, after.ETag);
        Assert.Empty(after.Decisions);
    }

    [Fact]
    public async Task A_proposal_for_a_year_without_indicators_is_a_missing_input_and_stores_nothing()
    {
        await using var host = new TestHost();
        // Not a real quota: the 2022 table as if it were 2019's.
        var csv = "# Testvariant, inte verklig: 2022 års länstal som om de gällde 2019.\n"
                  + string.Join("\n", File.ReadAllLines(Samples.Path("samples", "2022", "lanstal-2022.csv")).Where(l => !l.StartsWith('#')));
        await host.Get<QuotaImportService>().ImportAsync(InputFile.FromText("lanstal-2019.csv", csv), 2019, "test", default);
        var ex = await Assert.ThrowsAsync<MissingInputException>(() => host.Get<CountyYearService>().ProposeAsync(2019, "18", "test", null, DraftPurpose.Proposal, default));
        Assert.Equal("missing-indicators", ex.Code);
        Assert.Contains("kommuntal indicators import FIL --year 2019", ex.MessageSv);
        Assert.Null((await host.Get<ICountyYearStore>().LoadAsync(2019, "18", default)).ETag);

        var noQuota = await Assert.ThrowsAsync<MissingInputException>(() => host.Get<CountyYearService>().ProposeAsync(2020, "18", "test", null, DraftPurpose.Proposal, default));
        Assert.Equal("missing-quota", noQuota.Code);
    }
}
