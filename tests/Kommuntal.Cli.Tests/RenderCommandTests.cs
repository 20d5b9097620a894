using Kommuntal.Application.Ports;
using Kommuntal.Testing;
using UglyToad.PdfPig;

namespace Kommuntal.Cli.Tests;

/// <summary><c>kommuntal render</c>: the same document publication produces, from stored data, to a file; nothing stored.</summary>
public class RenderCommandTests
{
    private static async Task<(int Exit, string Out, string Err)> Run(TestHost host, params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var exit = await KommuntalCli.RunAsync(args, o, e, host.Settings);
        return (exit, o.ToString(), e.ToString());
    }

    private static string Text(string path)
    {
        using var pdf = PdfDocument.Open(path);
        return string.Join("\n", pdf.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
    }

    [Fact]
    public async Task Renders_a_proposal_and_then_the_decision_of_Orebro_lan_without_storing_anything()
    {
        await using var host = new TestHost();
        var dir = Path.Combine(Path.GetTempPath(), "kommuntal-cli-tests", host.Prefix);
        var (exit, _, err) = await Run(host, "quota", "import", Samples.Path("samples", "2022", "lanstal-2022.csv"), "--year", "2022");
        Assert.True(exit == 0, err);

        (exit, _, err) = await Run(host, "render", "--year", "2022", "--county", "Örebro län", "--out", Path.Combine(dir, "none.pdf"));
        Assert.Equal(2, exit);
        Assert.Contains("Örebro län 2022 has no decision to render; use --proposal for its latest draft.", err);

        (exit, _, err) = await Run(host, "proposal", "--year", "2022", "--county", "18");
        Assert.True(exit == 0, err);
        var store = host.Get<ICountyYearStore>();
        var before = await store.LoadAsync(2022, "18", default);

        // The command line runs on the real clock: the draft is dated today (Swedish time).
        var today = Kommuntal.Core.Text.SwedishFormat.SwedishDate(DateTimeOffset.UtcNow);
        (exit, _, err) = await Run(host, "render", "--year", "2022", "--county", "18", "--proposal", "--deadline", today.AddDays(-1).ToString("yyyy-MM-dd"),
            "--out", Path.Combine(dir, "late.pdf"));
        Assert.Equal(2, exit);
        Assert.Contains("proposal: field 'deadline': The answer deadline", err);
        Assert.False(File.Exists(Path.Combine(dir, "late.pdf")));

        var proposalPath = Path.Combine(dir, "forslag.pdf");
        var deadline = today.AddDays(21);
        (exit, var output, err) = await Run(host, "render", "--year", "2022", "--county", "18", "--proposal", "--deadline", deadline.ToString("yyyy-MM-dd"),
            "--dnr", "851-1234-2021", "--out", proposalPath);
        Assert.True(exit == 0, err);
        Assert.Contains("Örebro län 2022, proposal from draft 1:", output);
        var text = Text(proposalPath);
        Assert.Contains("FÖRSLAG", text);
        Assert.Contains("Förslag till fördelning av anvisningar år 2022 till kommuner i Örebro län", text);
        Assert.Contains("Svar senast " + Kommuntal.Core.Text.SwedishFormat.Date(deadline), text);
        Assert.Contains("Totalt (länstal) 202", text);

        var after = await store.LoadAsync(2022, "18", default);
        Assert.Equal(before.ETag, after.ETag); // rendering stores nothing
        Assert.Null(after.Drafts.Single().Consultation);

        (exit, _, err) = await Run(host, "decide", "--year", "2022", "--county", "18", "--date", "2021-11-08", "--dnr", "851-1234-2021",
            "--decided-by", "landshövding Maria Larsson", "--presented-by", "integrationssamordnare Ingela Fredriksson");
        Assert.True(exit == 0, err);
        var decisionPath = Path.Combine(dir, "beslut.pdf");
        (exit, output, err) = await Run(host, "render", "--year", "2022", "--county", "18", "--out", decisionPath);
        Assert.True(exit == 0, err);
        Assert.Contains("decision 1 (decided)", output);
        text = Text(decisionPath);
        Assert.Contains("BESLUT", text);
        Assert.Contains("Beslut om fördelning av anvisningar år 2022 till kommuner i Örebro län", text);
        Assert.Contains("Diarienummer 851-1234-2021", text);
        Assert.Contains("Datum 8 november 2021", text);
    }

    [Fact]
    public async Task An_unknown_county_is_refused_with_exit_2()
    {
        await using var host = new TestHost();
        var (exit, _, err) = await Run(host, "render", "--year", "2022", "--county", "Örebo län", "--out", Path.Combine(Path.GetTempPath(), "x.pdf"));
        Assert.Equal(2, exit);
        Assert.Contains("Unknown county 'Örebo län'", err);
    }
}
