using Kommuntal.Application.Ports;
using Kommuntal.Application.Services;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Testing;
using MimeKit;
using UglyToad.PdfPig;

namespace Kommuntal.Infrastructure.Tests;

public class DemoRunTests
{
    [Fact]
    public async Task The_2022_run_publishes_21_decisions_and_mails_every_municipality_with_an_address_and_a_second_run_adds_nothing()
    {
        await using var host = new TestHost();
        var run = host.Get<DemoRunService>();
        var report = await run.RunAsync(2022, "test", default);

        Assert.Equal(21, report.Counties.Count);
        Assert.Equal(7500, report.Counties.Sum(c => c.Total));
        Assert.All(report.Counties, c => Assert.Equal(c.Lanstal, c.Total));
        Assert.All(report.Counties, c => Assert.Equal($"2022/{c.County.Slug}/beslut-v1.pdf", c.DocumentPath));
        Assert.Equal(12, report.Dispatch.Sent);                        // Örebro län's 12 registry addresses
        Assert.Equal(290 - 12, report.Counties.Sum(c => c.WithoutAddress.Count)); // listed, not skipped silently
        var emails = Directory.GetFiles(host.OutboxDirectory, "*.eml");
        Assert.Equal(12, emails.Length);

        var orebro = emails.Select(e => MimeMessage.Load(e)).Single(m => m.To.Mailboxes.Single().Address == "kommun@laxa.se");
        Assert.Equal("Beslut om fördelning av anvisningar år 2022 till kommuner i Örebro län", orebro.Subject);
        Assert.Contains("Länstalet för Örebro län är 202", orebro.TextBody);
        Assert.Contains("2016:38", orebro.TextBody);
        var attachment = Assert.Single(orebro.Attachments.OfType<MimePart>());
        Assert.Equal("application/pdf", attachment.ContentType.MimeType);
        using (var ms = new MemoryStream())
        {
            attachment.Content!.DecodeTo(ms);
            using var pdf = PdfDocument.Open(ms.ToArray());
            Assert.Contains("Laxå", string.Join(" ", pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text)));
        }

        var again = await run.RunAsync(2022, "test", default);
        Assert.All(again.Counties, c => Assert.Equal("unchanged", c.Action));
        Assert.Equal(0, again.Dispatch.Sent);
        Assert.Equal(12, Directory.GetFiles(host.OutboxDirectory, "*.eml").Length);
        var store = host.Get<ICountyYearStore>();
        var s = await store.LoadAsync(2022, "18", default);
        Assert.Single(s.Decisions);
        Assert.Single(s.Drafts);
        Assert.Equal(12, s.Outbox.Count);
        Assert.All(s.Outbox, o => Assert.Equal(NotificationStatus.Sent, o.Status));
        Assert.Equal(21, (await store.ListPublishedAsync(2022, default)).Count);
    }
}
