using Kommuntal.Core.Allocation;
using Kommuntal.Core.Documents;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Core.Notifications;
using Kommuntal.Core.Reference;

namespace Kommuntal.Infrastructure.Tests.Email;

/// <summary>The Swedish messages (pure core), modelled on the board's real e-mail of 8 November 2021.</summary>
public class NotificationTextTests
{
    private static readonly County Orebro = ReferenceData.Bundled.County("18");

    private static NotificationContent Content(string? wishes = null, string? unaccompanied = null, BoardContact? contact = null) => new()
    {
        Kind = DocumentKind.Decision,
        County = Orebro,
        Year = 2022,
        Lanstal = 202,
        Municipality = ReferenceData.Bundled.FindMunicipality("1860")!,
        Kommuntal = 3,
        DecisionVersion = 1,
        DecisionDate = new DateOnly(2021, 11, 8),
        DecidedBy = "landshövding Maria Larsson",
        DocumentUrl = "https://kommuntal.example/2022/18-orebro-lan/beslut-v1.pdf?a=1&b=<2>",
        PublicPageUrl = "https://kommuntal.example/api/public/kommuner/1860-laxa",
        DocumentSha256 = new string('a', 64),
        DocumentAttached = true,
        WishesSummary = wishes,
        UnaccompaniedSummary = unaccompanied,
        Contact = contact ?? new BoardContact { Name = "Ingela Fredriksson", Unit = "Social hållbarhet", Phone = "010-224 86 14", Email = "ingela.fredriksson@lansstyrelsen.se",
            PostalAddress = "Stortorget 22, 701 86 Örebro", Switchboard = "010-224 80 00", Web = "lansstyrelsen.se/orebro" },
    };

    [Fact]
    public void The_message_states_the_numbers_the_duty_the_links_the_checksum_and_signs_with_the_contact()
    {
        var text = NotificationTextBuilder.Build(Content());
        Assert.Equal("Beslut om fördelning av anvisningar år 2022 till kommuner i Örebro län", text.Subject);
        Assert.Contains("Länsstyrelsen i Örebro län bifogar här beslut fattat av landshövding Maria Larsson den 8 november 2021", text.PlainText);
        Assert.Contains("Länstalet för Örebro län är 202 och Laxås kommuntal är 3.", text.PlainText);
        Assert.Contains("lagen (2016:38) om mottagande av vissa nyanlända invandrare för bosättning", text.PlainText);
        Assert.Contains("https://kommuntal.example/2022/18-orebro-lan/beslut-v1.pdf?a=1&b=<2>", text.PlainText);
        Assert.Contains("https://kommuntal.example/api/public/kommuner/1860-laxa", text.PlainText);
        Assert.Contains("(SHA-256) är " + new string('a', 64), text.PlainText);
        Assert.EndsWith("Vänliga hälsningar\nIngela Fredriksson\nIntegrationssamordnare\nSocial hållbarhet\nTfn. 010-224 86 14\ningela.fredriksson@lansstyrelsen.se\n\n"
                        + "Länsstyrelsen i Örebro län\nStortorget 22, 701 86 Örebro\nVäxel: 010-224 80 00\nlansstyrelsen.se/orebro\n", text.PlainText);
        // Nothing is said about wishes or unaccompanied children when the decision records nothing about them.
        Assert.DoesNotContain("önskemål", text.PlainText);
        Assert.DoesNotContain("ensamkommande", text.PlainText);
    }

    [Fact]
    public void The_HTML_is_escaped_and_links_only_the_document_and_the_public_page()
    {
        var text = NotificationTextBuilder.Build(Content(wishes: "Önskemål från <Kumla> & Nora har beaktats."));
        Assert.Contains("Önskemål från &lt;Kumla&gt; &amp; Nora har beaktats.", text.Html);
        Assert.DoesNotContain("<Kumla>", text.Html);
        Assert.Contains("<a href=\"https://kommuntal.example/2022/18-orebro-lan/beslut-v1.pdf?a=1&amp;b=&lt;2&gt;\">", text.Html);
        Assert.Contains("<a href=\"https://kommuntal.example/api/public/kommuner/1860-laxa\">", text.Html);
        Assert.Equal(2, text.Html.Split("<a href=").Length - 1);
    }

    [Fact]
    public void Wishes_are_described_from_the_deviations_the_decision_applied()
    {
        Assert.Null(NotificationTextBuilder.WishesSentence([], "Örebro län", c => c));
        var sentence = NotificationTextBuilder.WishesSentence(
        [
            new Deviation("1880", DeviationKind.Volunteer, 60, "utökat ansvar"),
            new Deviation("1881", DeviationKind.Volunteer, 20, "utökat ansvar"),
            new Deviation("1860", DeviationKind.Housing, 2, "brist på bostäder"),
        ], "Örebro län", code => ReferenceData.Bundled.FindMunicipality(code)!.Name);
        Assert.Equal("Länsstyrelsen har tagit hänsyn till kommunernas önskemål i fördelningen. "
                     + "Vi tackar särskilt Kumla och Örebro, som har meddelat att de vill ta ett utökat ansvar för mottagandet av nyanlända i Örebro län. "
                     + "Med hänsyn till bostadsförhållandena (förordning 2016:39, 6 §) har kommuntalet begränsats för Laxå.", sentence);
        var text = NotificationTextBuilder.Build(Content(wishes: sentence, unaccompanied: "Ingen omfördelning av andelstalen för ensamkommande barn har skett i länet."));
        Assert.True(text.PlainText.IndexOf("utökat ansvar", StringComparison.Ordinal) < text.PlainText.IndexOf("2016:38", StringComparison.Ordinal));
        Assert.Contains("Ingen omfördelning av andelstalen", text.PlainText);
    }

    [Theory]
    [InlineData("kommun@laxa.se", true)]
    [InlineData("information.lekeberg@lekeberg.se", true)]
    [InlineData("nora.kommun@nora.se", true)]
    [InlineData("kommun@håbo.se", true)]
    [InlineData("Laxå kommun <kommun@laxa.se>", false)]
    [InlineData("kommun@laxa.se\r\nBcc: x@y.se", false)]
    [InlineData("kommun@laxa", false)]
    [InlineData("kommun@@laxa.se", false)]
    [InlineData(".kommun@laxa.se", false)]
    [InlineData("kommun@laxa..se", false)]
    [InlineData("kommun@-laxa.se", false)]
    [InlineData("", false)]
    public void Addresses_are_checked_strictly(string address, bool valid) => Assert.Equal(valid, EmailRules.IsValidAddress(address));

    [Fact]
    public void Header_texts_with_line_breaks_are_refused()
    {
        Assert.Null(EmailRules.HeaderTextProblem("Laxå kommun", required: true));
        Assert.Contains("line break", EmailRules.HeaderTextProblem("Laxå\r\nBcc: x@y.se", required: true));
        Assert.Contains("line break", EmailRules.HeaderTextProblem("Laxå\nkommun", required: false));
        Assert.Contains("empty", EmailRules.HeaderTextProblem(" ", required: true));
        var problems = EmailRules.HeaderProblems("kommuntal@lansstyrelsen.example", "Länsstyrelsen", [("kommun@laxa.se", "Laxå\rkommun")], "Ämne\nBcc: x@y.se");
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("recipient name 'Laxå\\rkommun'", StringComparison.Ordinal));
    }

    [Fact]
    public void The_coordinators_summary_lists_every_message_and_the_municipalities_without_an_address()
    {
        var sentAt = new DateTimeOffset(2021, 11, 8, 19, 37, 0, TimeSpan.Zero);
        var text = CoordinatorReportBuilder.Summary(new CoordinatorSummaryContent(
            new PublicationRef(DocumentKind.Decision, Orebro, 2022, 1),
            Lanstal: 202,
            DocumentUrl: "https://kommuntal.example/2022/18-orebro-lan/beslut-v1.pdf",
            DocumentSha256: "abc",
            SenderName: "acs",
            Lines:
            [
                new DispatchLine("Örebro kommun", "kommun@orebro.se", NotificationStatus.Sent, "Running", sentAt, null),
                new DispatchLine("Laxå kommun <script>", "kommun@laxa.se", NotificationStatus.Failed, null, null, "550 mailbox unavailable"),
            ],
            WithoutAddress: [ReferenceData.Bundled.FindMunicipality("1861")!]));
        Assert.Equal("Utskick klart: Beslut om fördelning av anvisningar år 2022 till kommuner i Örebro län (version 1), 1 skickade, 1 misslyckade", text.Subject);
        Assert.Contains("- Örebro kommun <kommun@orebro.se>: skickat 2021-11-08 20:37 (Running)", text.PlainText);
        Assert.Contains("- Laxå kommun <script> <kommun@laxa.se>: misslyckades – 550 mailbox unavailable", text.PlainText);
        Assert.Contains("1 kommuner saknar känd e-postadress och har inte fått något meddelande: Hallsberg.", text.PlainText);
        Assert.Contains("Laxå kommun &lt;script&gt;", text.Html);
        Assert.Null(EmailRules.HeaderTextProblem(text.Subject, required: true));
    }
}
