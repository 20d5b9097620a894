using Kommuntal.Application.Ports;
using Kommuntal.Testing;

namespace Kommuntal.Cli.Tests;

/// <summary>
/// The adversarial corpus (<see cref="AdversarialCorpus"/>) through the command line: every import
/// exits 2 naming its problem on stderr, with nothing stored; the issue's own command on the
/// issue's file; and an .ods saved by LibreOffice imports.
/// </summary>
public class AdversarialCliTests
{
    public static TheoryData<string> Files => new(AdversarialCorpus.All.Select(c => c.File));

    private static async Task<(int Exit, string Out, string Err)> Run(TestHost host, params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var exit = await KommuntalCli.RunAsync(args, o, e, host.Settings);
        return (exit, o.ToString(), e.ToString());
    }

    private static string Write(TestHost host, AdversarialCorpus.Case c)
    {
        if (!c.Generated) return AdversarialCorpus.PathOf(c);
        var path = Path.Combine(Path.GetTempPath(), "kommuntal-cli-tests", host.Prefix, c.File);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, AdversarialCorpus.Load(c).Content);
        return path;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task A_corpus_file_is_refused_with_exit_2_naming_its_problem_and_nothing_is_stored(string name)
    {
        var c = AdversarialCorpus.All.Single(x => x.File == name);
        await using var host = new TestHost();
        var (exit, _, err) = await Run(host, StoredData.CliImport(c, Write(host, c)));
        Assert.True(exit == 2, $"exit {exit}: {err[..Math.Min(err.Length, 2000)]}");
        Assert.Contains($"[{c.Code}]", err, StringComparison.Ordinal);
        Assert.Contains("nothing was stored", err, StringComparison.Ordinal);
        Assert.True(err.Length < 100_000, $"{err.Length} characters on stderr");
        Assert.Equal(0, await StoredData.InputRowCountAsync(host));
    }

    [Fact]
    public async Task The_issues_command_on_the_issues_file_names_the_part_and_its_size()
    {
        await using var host = new TestHost();
        var c = AdversarialCorpus.All.Single(x => x.File == "shared-string-10m.xlsx");
        var (exit, _, err) = await Run(host, "wishes", "validate", AdversarialCorpus.PathOf(c), "--county", "18", "--year", "2022");
        Assert.Equal(2, exit);
        Assert.Contains("shared-string-10m.xlsx: The part xl/sharedStrings.xml unpacks to 10 000 ", err, StringComparison.Ordinal);
        Assert.Contains("[zip-entry-too-large]", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_ods_saved_by_LibreOffice_imports_from_the_command_line()
    {
        await using var host = new TestHost();
        var (exit, output, err) = await Run(host, "quota", "import", Samples.Path("tests", "data", "quotas", "good", "lanstal-2022.ods"));
        Assert.True(exit == 0, err);
        Assert.StartsWith("Stored: quota 2022 version 1", output, StringComparison.Ordinal);
        var stored = (await host.Get<IQuotaStore>().GetCurrentAsync(2022, default))!;
        Assert.Equal(("lanstal-2022.ods", 7500), (stored.Source.FileName, stored.Quota.Total));
    }
}
