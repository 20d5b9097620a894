using Kommuntal.Application.Ports;
using Kommuntal.Application.Services;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Testing;
using MimeKit;

namespace Kommuntal.Infrastructure.Tests.Email;

/// <summary>Shared steps of the e-mail tests: publish Örebro län's 2022 decision (which queues its 12 messages), read what arrived.</summary>
internal static class EmailTestSupport
{
    public const string Coordinator = "samordnare@lansstyrelsen.example";

    /// <summary>Örebro län's registry addresses (the bundled list of the real 2021 e-mail).</summary>
    public static readonly string[] OrebroAddresses =
    [
        "kommun@orebro.se", "kommun@askersund.se", "kommun@degerfors.se", "kommun@hallsberg.se", "kommun@hellefors.se", "kommun@karlskoga.se",
        "kommun@kumla.se", "kommun@laxa.se", "information.lekeberg@lekeberg.se", "kommun@lindesberg.se", "kommun@ljusnarsberg.se", "nora.kommun@nora.se",
    ];

    /// <summary>Imports the 2022 quota, proposes, decides and publishes Örebro län (no dispatch).</summary>
    public static async Task<PublicationOutcome> PublishOrebroAsync(TestHost host)
    {
        await host.Get<QuotaImportService>().ImportAsync(Samples.Quota2022Csv, 2022, "test", default);
        var countyYears = host.Get<CountyYearService>();
        await countyYears.ProposeAsync(2022, "18", "test", null, DraftPurpose.Proposal, default);
        await countyYears.DecideAsync(2022, "18", new DecisionRequest(new DateOnly(2021, 11, 8), "DEMO-2022-18", "landshövding Maria Larsson", "integrationssamordnaren"), "test", default);
        return await countyYears.PublishAsync(2022, "18", "test", default);
    }

    public static Dictionary<string, string?> AcsSettings(FakeAcsServer fake, bool coordinator = true)
    {
        var s = new Dictionary<string, string?> { ["Email:Sender"] = "acs", ["Email:Acs:ConnectionString"] = fake.ConnectionString };
        if (coordinator) s["Kommuntal:Contacts:18:CoordinatorEmail"] = Coordinator;
        return s;
    }

    public static IReadOnlyList<MimeMessage> Outbox(TestHost host) =>
        Directory.Exists(host.OutboxDirectory) ? Directory.GetFiles(host.OutboxDirectory, "*.eml").Select(f => MimeMessage.Load(f)).ToList() : [];

    public static async Task<IReadOnlyList<OutboxMessage>> LedgerAsync(TestHost host) =>
        (await host.Get<ICountyYearStore>().LoadAsync(2022, "18", default)).Outbox;

    public static async Task<IReadOnlyList<AuditEntry>> AuditAsync(TestHost host) =>
        await host.Get<ICountyYearStore>().ReadAuditAsync(2022, "18", default);
}

/// <summary>
/// Wraps a real sender and fails right after it handed the message over, before the dispatcher can
/// write the ledger: as a lost connection (an exception the dispatcher sees) or as a killed process
/// (an <see cref="OperationCanceledException"/> that ends the run on the spot).
/// </summary>
internal sealed class CrashAfterSend : IEmailSender, IDeliveryStatusSource
{
    public IEmailSender? Inner { get; set; }
    public bool Crash { get; set; } = true;
    public bool AsKill { get; set; }
    public int Handovers;

    public string Name => Inner!.Name;

    public async Task<SendOutcome> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        var outcome = await Inner!.SendAsync(email, cancellationToken);
        Interlocked.Increment(ref Handovers);
        if (Crash) throw AsKill ? new OperationCanceledException("the process was killed after the send") : new IOException("the connection was lost after the send");
        return outcome;
    }

    public Task<DeliveryStatus> GetStatusAsync(string operationId, CancellationToken cancellationToken) =>
        ((IDeliveryStatusSource)Inner!).GetStatusAsync(operationId, cancellationToken);
}

/// <summary>A real sender that refuses (transiently) every message to one address.</summary>
internal sealed class FailFor(IEmailSender inner, string address) : IEmailSender
{
    public string Name => inner.Name;

    public Task<SendOutcome> SendAsync(OutgoingEmail email, CancellationToken cancellationToken) =>
        email.To.Any(t => t.Address == address)
            ? throw new EmailSendException($"451 4.3.0 mailbox {address} temporarily unavailable", permanent: false)
            : inner.SendAsync(email, cancellationToken);
}
