using System.Globalization;
using Kommuntal.Application.Ports;
using Kommuntal.Application.Services;
using Kommuntal.Core.Ingestion;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Core.Validation;
using Kommuntal.Testing;
using Kommuntal.Testing.Email;
using Kommuntal.Web.Tests.Browser;
using Microsoft.Extensions.DependencyInjection;
using static Kommuntal.Web.Tests.Portal.Keyboard;

namespace Kommuntal.Web.Tests.Portal;

/// <summary>
/// The portal when something goes wrong, in Chromium through the real local server: a bad file on
/// the upload page (every problem shown with its line or cell and field, nothing stored), and an
/// e-mail that failed for real (an SMTP server that refuses one recipient) re-sent from the
/// notifications ledger and delivered once, with nothing sent twice.
/// </summary>
public class PortalFailureBrowserTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private const string National = "Coordinator.All";
    private const string Orebro = "Coordinator.18";

    [Theory]
    [InlineData("kvotfil", "Ladda upp länstalen", "tests/data/quotas/bad/decimal-number.csv", "lanstal")]
    [InlineData("indikatorfil", "Ladda upp indikatorerna", "tests/data/indicators/bad/formula-cell.xlsx", "indikatorer")]
    public async Task A_bad_file_shows_every_problem_with_its_line_or_cell_and_field_and_nothing_is_stored(string input, string button, string path, string form)
    {
        var sample = Samples.Path(path.Split('/'));
        // What the import itself says about the file (the page must show exactly these).
        var expected = await Assert.ThrowsAsync<ValidationFailedException>(() => form == "lanstal"
            ? portal.Get<QuotaImportService>().ImportAsync(PortalFixture.Load(path.Split('/')), 2022, "test", default)
            : portal.Get<IndicatorImportService>().ImportAsync(PortalFixture.Load(path.Split('/')), 2022, "test", default));
        Assert.NotEmpty(expected.Problems);

        var page = await portal.NewPageAsync(National, bypassCsp: true);
        await page.GotoAsync(portal.Url("api/portal/2022/uppladdning"));
        await TabToAsync(page, page.Locator("#" + input));
        await page.Locator("#" + input).SetInputFilesAsync(sample);
        var response = await ActivateAsync(page, Button(page, button));
        Assert.Equal(422, response!.Status);

        var name = Path.GetFileName(sample);
        Assert.Contains($"Filen {name} sparades inte", await page.Locator(".notice--error").First.InnerTextAsync());
        // The error summary links to the file field, whose own message says the same.
        Assert.Contains($"Filen {name} har fel och sparades inte", await page.Locator(".error-summary").InnerTextAsync());
        var table = page.Locator($"#fel-{form}").Locator("xpath=..");
        Assert.Equal(["Rad", "Cell", "Fält", "Fel"], await table.Locator("thead th").AllInnerTextsAsync());
        var rows = await table.Locator("tbody tr").AllAsync();
        Assert.Equal(expected.Problems.Count, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var p = expected.Problems[i];
            var cells = (await rows[i].Locator("th, td").AllInnerTextsAsync()).Select(c => c.Trim()).ToList();
            Assert.Equal(p.Line?.ToString(CultureInfo.InvariantCulture) ?? "–", cells[0]);
            Assert.Equal(p.Cell ?? "–", cells[1]);
            Assert.Equal(p.Field ?? "–", cells[2]);
            Assert.Equal(p.MessageSv, cells[3]);
        }
        Assert.Contains(expected.Problems, p => p.Line is not null || p.Cell is not null); // a place in the file, not only the file
        Assert.Contains(expected.Problems, p => p.Field is not null);
        await PageChecks.AssertNoAxeViolationsAsync(page);

        // Nothing stored.
        Assert.Empty(await portal.Get<IQuotaStore>().ListAsync(2022, default));
        Assert.Null(await portal.Get<IInputStore>().GetIndicatorsAsync(2022, default));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_message_the_SMTP_server_refused_is_re_sent_from_the_ledger_and_delivered_once()
    {
        await using var smtp = TestSmtpServer.Start();
        var prefix = TestStorage.NewPrefix();
        await using var server = TestServers.Create(prefix, new Dictionary<string, string?>
        {
            ["Email:Sender"] = "smtp",
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Email:Smtp:StartTls"] = "false",
        });
        await server.StartAsync();
        T Get<T>() where T : notnull => server.Services.GetRequiredService<T>();
        string Url(string path) => new Uri(server.BaseAddress!, path).ToString();

        // Örebro län's 2022 decision, published; Laxå's mailbox refuses the message (550).
        await Get<QuotaImportService>().ImportAsync(PortalFixture.Load("samples", "2022", "lanstal-2022.csv"), 2022, "test", default);
        await Get<IndicatorImportService>().ImportAsync(PortalFixture.Load("tests", "data", "indicators", "good", "indicators-2022.csv"), 2022, "test", default);
        var counties = Get<CountyYearService>();
        await counties.ProposeAsync(2022, "18", "test", null, DraftPurpose.Proposal, default);
        await counties.DecideAsync(2022, "18", new DecisionRequest(new DateOnly(2021, 11, 8), "TEST-851-1", "landshövdingen", "integrationssamordnaren"), "test", default);
        await counties.PublishAsync(2022, "18", "test", default);
        const string laxa = "kommun@laxa.se";
        smtp.RejectedRecipients.Add(laxa);
        await Get<NotificationDispatcher>().DispatchAsync(default);
        var store = Get<ICountyYearStore>();
        var failed = Assert.Single((await store.LoadAsync(2022, "18", default)).Outbox, o => o.RecipientEmail == laxa);
        Assert.Equal(NotificationStatus.Failed, failed.Status);
        Assert.Equal(0, smtp.Messages.Count(m => m.EnvelopeTo.Contains(laxa)));

        // The ledger says so, and offers the re-send; a second tab shows the same button.
        var context = await portal.Browser.NewContextAsync(new() { BypassCSP = true, Locale = "sv-SE", ExtraHTTPHeaders = new Dictionary<string, string> { ["X-Kommuntal-Dev-Roles"] = Orebro } });
        var page = await context.NewPageAsync();
        var stale = await context.NewPageAsync();
        await page.GotoAsync(Url("api/portal/2022/lan/18/utskick"));
        await stale.GotoAsync(Url("api/portal/2022/lan/18/utskick"));
        var row = page.Locator("#utskick").Locator("xpath=..").Locator("tbody tr", new() { HasText = laxa });
        Assert.Contains("Misslyckades", await row.InnerTextAsync());
        await PageChecks.AssertNoAxeViolationsAsync(page);

        // The mailbox is fixed; the coordinator re-sends from the ledger with the keyboard.
        Assert.True(smtp.RejectedRecipients.TryTake(out _));
        var resend = Button(page, $"Skicka igen till {failed.RecipientName}");
        await ActivateAsync(page, resend);
        Assert.Contains("Meddelandet skickas igen", await page.Locator(".notice--success").InnerTextAsync());
        await PageChecks.AssertNoAxeViolationsAsync(page);

        // The same button in the stale tab queues nothing more.
        var refused = await ActivateAsync(stale, Button(stale, $"Skicka igen till {failed.RecipientName}"));
        Assert.Equal(409, refused!.Status);
        Assert.Contains("redan skickats om", await stale.Locator("main").InnerTextAsync());

        // The e-mail timer sends the re-send once; the ledger shows it sent and the original as re-sent.
        await Get<NotificationDispatcher>().DispatchAsync(default);
        await Get<NotificationDispatcher>().DispatchAsync(default); // a second pass sends nothing again
        Assert.Single(smtp.Messages, m => m.EnvelopeTo.Contains(laxa));
        // Nothing sent twice: one message per recipient and subject (the coordinator's summary and failure report differ).
        Assert.All(smtp.Messages.GroupBy(m => (string.Join(",", m.EnvelopeTo), m.Message.Subject)), g => Assert.Single(g));
        var ledger = (await store.LoadAsync(2022, "18", default)).Outbox;
        var municipal = ledger.Where(o => o.Type == MessageType.MunicipalDecision).Select(o => o.RecipientEmail).Distinct().ToList();
        Assert.Equal(12, municipal.Count);
        Assert.All(municipal, address => Assert.Single(smtp.Messages, m => m.EnvelopeTo.Contains(address)));
        var again = Assert.Single(ledger, o => o.RelatesTo == failed.Id);
        Assert.Equal(NotificationStatus.Sent, again.Status);
        await page.ReloadAsync();
        var rows = page.Locator("#utskick").Locator("xpath=..").Locator("tbody tr", new() { HasText = laxa });
        Assert.Equal(2, await rows.CountAsync());
        Assert.Contains("Har skickats igen", await rows.Nth(0).InnerTextAsync());
        Assert.Contains("Skickat", await rows.Nth(1).InnerTextAsync());
        Assert.Equal(0, await Button(page, $"Skicka igen till {failed.RecipientName}").CountAsync());
        await PageChecks.AssertNoAxeViolationsAsync(page);
        await context.CloseAsync();
    }
}
