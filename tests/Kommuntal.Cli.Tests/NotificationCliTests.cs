using Kommuntal.Application.Ports;
using Kommuntal.Testing;

namespace Kommuntal.Cli.Tests;

public class NotificationCliTests
{
    private static async Task<(int Exit, string Out, string Err)> Run(TestHost host, params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var exit = await KommuntalCli.RunAsync(args, o, e, host.Settings);
        return (exit, o.ToString(), e.ToString());
    }

    private static string Write(string name, string text)
    {
        var dir = Path.Combine(Path.GetTempPath(), "kommuntal-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Recipients_import_rejects_a_bad_file_with_exit_2_naming_line_and_field_and_stores_nothing()
    {
        await using var host = new TestHost();
        var path = Write("mottagare.csv", "kommunkod;e-post\n1880;kommun@orebro.se\n1860;kommun@laxa.se\r\nBcc: x@y.se\n");
        var (exit, _, err) = await Run(host, "recipients", "import", path);
        Assert.Equal(2, exit);
        // The CR/LF ends the row: the injected "header" is a row of its own and is refused.
        Assert.Contains("mottagare.csv:4: field 'municipality_code': Unknown municipality code 'Bcc: x@y.se'.", err);
        Assert.Contains("mottagare.csv:4: field 'email': The e-mail address is missing.", err);
        Assert.Contains("nothing was stored", err);
        Assert.Null(await host.Get<IRecipientStore>().GetCurrentAsync("18", default));
    }

    [Fact]
    public async Task Recipients_import_stores_a_version_and_list_shows_it()
    {
        await using var host = new TestHost();
        var path = Write("mottagare.csv", "municipality_code,municipality_name,email\n1880,Örebro,registrator@orebro.se\n1860,Laxå,kommun@laxa.se\n");
        var (exit, output, err) = await Run(host, "recipients", "import", path);
        Assert.True(exit == 0, err);
        Assert.Contains("Stored: recipients of Örebro län version 1 (2 addresses", output);
        (exit, output, _) = await Run(host, "recipients", "import", path);
        Assert.Contains("Already stored: recipients of Örebro län version 1", output);

        (exit, output, err) = await Run(host, "recipients", "list", "--county", "18");
        Assert.True(exit == 0, err);
        Assert.Contains("Örebro län: 2 addresses (imported version 1 from mottagare.csv", output);
        Assert.Matches(@"1880\s+Örebro\s+registrator@orebro\.se", output);
        Assert.Matches(@"1861\s+Hallsberg\s+\(no address\)", output);
    }

    [Fact]
    public async Task After_the_run_the_ledger_lists_every_message_with_its_status()
    {
        await using var host = new TestHost();
        var outDir = Path.Combine(Path.GetTempPath(), "kommuntal-cli-tests", host.Prefix);
        var (exit, _, err) = await Run(host, "run", "--year", "2022", "--out", outDir);
        Assert.True(exit == 0, err);

        var (listExit, output, listErr) = await Run(host, "notifications", "list", "--year", "2022", "--county", "18");
        Assert.True(listExit == 0, listErr);
        Assert.Contains("12 messages.", output);
        Assert.Equal(12, output.Split('\n').Count(l => l.Contains("  Sent  ") && l.Contains("local-outbox")));
        Assert.Contains("kommun@laxa.se", output);

        var (dispatchExit, dispatched, _) = await Run(host, "notifications", "dispatch");
        Assert.Equal(0, dispatchExit);
        Assert.StartsWith("0 sent, 0 to retry, 0 failed", dispatched);
    }
}
