using Azure.Data.Tables;
using Kommuntal.Application.Ports;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Infrastructure.Storage;
using Kommuntal.Testing;

namespace Kommuntal.Cli.Tests;

/// <summary>
/// Issue 14, items 2 and 10: what a new user ran, step by step. A user's mistake or a missing
/// input ends with one sentence in Swedish and English and exit 2 or 3, never a stack trace; an
/// unexpected failure ends with one line naming a log file that holds the details, and exit 1.
/// </summary>
public class CliErrorTests
{
    private static async Task<(int Exit, string Out, string Err)> Run(TestHost host, string logDirectory, params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var settings = new Dictionary<string, string?>(host.Settings) { ["Cli:ErrorLogDirectory"] = logDirectory };
        var exit = await KommuntalCli.RunAsync(args, o, e, settings);
        return (exit, o.ToString(), e.ToString());
    }

    private static string TempDirectory(TestHost host, string name) => Path.Combine(Path.GetTempPath(), "kommuntal-cli-tests", host.Prefix, name);

    /// <summary>One line on stderr, without a stack frame.</summary>
    private static string OneLine(string err)
    {
        Assert.DoesNotContain("   at ", err);
        var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return Assert.Single(lines);
    }

    [Fact]
    public async Task Proposal_then_what_if_then_decide_without_draft_decides_the_proposal_and_naming_the_what_if_is_a_conflict()
    {
        await using var host = new TestHost();
        var logs = TempDirectory(host, "logs");
        var (exit, _, err) = await Run(host, logs, "quota", "import", Samples.Path("samples", "2022", "lanstal-2022.csv"), "--year", "2022");
        Assert.True(exit == 0, err);
        (exit, var output, err) = await Run(host, logs, "proposal", "--year", "2022", "--county", "18");
        Assert.True(exit == 0, err);
        Assert.StartsWith("Draft 1 (proposal)", output);
        (exit, output, err) = await Run(host, logs, "proposal", "--year", "2022", "--county", "18", "--what-if");
        Assert.True(exit == 0, err);
        Assert.StartsWith("Draft 2 (what-if)", output);

        string[] decide = ["decide", "--year", "2022", "--county", "18", "--date", "2021-11-08", "--dnr", "851-1234-2021",
            "--decided-by", "landshövding Maria Larsson", "--presented-by", "integrationssamordnare Ingela Fredriksson"];
        (exit, output, err) = await Run(host, logs, [.. decide, "--draft", "2"]);
        Assert.Equal(3, exit);
        Assert.Contains("Draft 2 is a what-if", OneLine(err));
        Assert.Equal(CountyYearStatus.Proposal, (await host.Get<ICountyYearStore>().LoadAsync(2022, "18", default)).State.Status);

        (exit, output, err) = await Run(host, logs, decide);
        Assert.True(exit == 0, err);
        Assert.Contains("from draft 1:", output);
        var decision = (await host.Get<ICountyYearStore>().LoadAsync(2022, "18", default)).CurrentDecision!;
        Assert.Equal(1, decision.DraftNumber);
        Assert.False(Directory.Exists(logs));
    }

    [Fact]
    public async Task A_proposal_for_a_year_without_indicators_says_in_one_line_how_to_import_them()
    {
        await using var host = new TestHost();
        var logs = TempDirectory(host, "logs");
        // Not a real quota: the 2022 numbers as if they were 2019's, to reproduce what the user ran.
        var quota2019 = TempDirectory(host, "lanstal-2019.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(quota2019)!);
        var rows = File.ReadAllLines(Samples.Path("samples", "2022", "lanstal-2022.csv")).Where(l => !l.StartsWith('#'));
        await File.WriteAllLinesAsync(quota2019, ["# Testvariant, inte verklig: 2022 års länstal som om de gällde 2019 (issue 14).", .. rows]);
        var (exit, output, err) = await Run(host, logs, "quota", "import", quota2019, "--year", "2019");
        Assert.True(exit == 0, err);

        (exit, output, err) = await Run(host, logs, "proposal", "--year", "2019", "--county", "18");
        Assert.Equal(2, exit);
        var line = OneLine(err);
        Assert.Contains("Det finns inga indikatorer för 2019.", line);
        Assert.Contains("There are no indicators for 2019.", line);
        Assert.Contains("kommuntal indicators import FILE --year 2019", line);
        Assert.Equal("", output);
        Assert.False(Directory.Exists(logs));
    }

    [Theory]
    [InlineData("There is no quota for 2023.", "proposal", "--year", "2023", "--county", "18")]
    [InlineData("There is no county with the code '99'.", "proposal", "--year", "2022", "--county", "99")]
    [InlineData("There is no proposal to decide on.", "decide", "--year", "2022", "--county", "18", "--date", "2021-11-08", "--dnr", "1", "--decided-by", "a", "--presented-by", "b")]
    [InlineData("There is no decided, unpublished decision to publish.", "publish", "--year", "2022", "--county", "18")]
    [InlineData("There is no proposal to send for consultation.", "consult", "--year", "2022", "--county", "18")]
    [InlineData("There is no county with the code '99'.", "status", "--year", "2022", "--county", "99")]
    [InlineData("There is no county with the code '99'.", "notifications", "list", "--year", "2022", "--county", "99")]
    [InlineData("There is no county with the code '99'.", "audit", "--year", "2022", "--county", "99")]
    public async Task A_missing_input_or_a_step_out_of_order_is_one_line_in_both_languages(string english, params string[] args)
    {
        await using var host = new TestHost();
        var logs = TempDirectory(host, "logs");
        var (exit, _, err) = await Run(host, logs, args);
        Assert.InRange(exit, 2, 3);
        var line = OneLine(err);
        Assert.Contains(english, line);
        Assert.Contains(" / ", line); // Swedish, then English
        Assert.False(Directory.Exists(logs));
    }

    [Fact]
    public async Task A_command_line_error_exits_2_without_a_stack_trace()
    {
        await using var host = new TestHost();
        var (exit, _, err) = await Run(host, TempDirectory(host, "logs"), "proposal", "--county", "18");
        Assert.Equal(2, exit);
        Assert.DoesNotContain("   at ", err);
        Assert.Contains("--year", err);
        Assert.Contains("kommuntal proposal --help", err);
    }

    [Fact]
    public async Task An_unexpected_failure_exits_1_with_one_line_naming_a_log_file_that_holds_the_details()
    {
        await using var host = new TestHost();
        var logs = TempDirectory(host, "logs");
        var (exit, _, err) = await Run(host, logs, "quota", "import", Samples.Path("samples", "2022", "lanstal-2022.csv"), "--year", "2022");
        Assert.True(exit == 0, err);
        (exit, _, err) = await Run(host, logs, "proposal", "--year", "2022", "--county", "18");
        Assert.True(exit == 0, err);
        // A stored draft row damaged outside the product: its deviations are no longer JSON.
        var table = host.Get<StorageClients>().CountyYears;
        var row = (await table.GetEntityAsync<TableEntity>("2022-18", "draft-0001")).Value;
        row["DeviationsJson"] = "[{\"municipalityCode\": ";
        await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);

        (exit, _, err) = await Run(host, logs, "status", "--year", "2022", "--county", "18");
        Assert.True(exit == 0, err); // the state row is intact
        (exit, _, err) = await Run(host, logs, "proposal", "--year", "2022", "--county", "18", "--storage", "UseDevelopmentStorage=true;AccountKey=c2VjcmV0");
        Assert.Equal(1, exit);
        var line = OneLine(err);
        Assert.StartsWith("Ett oväntat fel inträffade; detaljer i ", line);
        Assert.Contains("An unexpected error occurred; details in ", line);
        var log = Assert.Single(Directory.GetFiles(logs));
        Assert.Contains(log, line);
        var details = await File.ReadAllTextAsync(log);
        Assert.Contains("JsonException", details);
        Assert.Contains("   at ", details); // the stack trace is in the file, not on the screen
        Assert.Contains("kommuntal proposal --year 2022 --county 18 --storage ***", details);
        Assert.DoesNotContain("c2VjcmV0", details);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(log));
    }

    [Fact]
    public async Task Free_text_options_with_a_hidden_character_or_over_their_cap_are_refused_naming_the_option()
    {
        await using var host = new TestHost();
        var logs = TempDirectory(host, "logs");
        var (exit, _, err) = await Run(host, logs, "quota", "import", Samples.Path("samples", "2022", "lanstal-2022.csv"), "--year", "2022");
        Assert.True(exit == 0, err);
        (exit, _, err) = await Run(host, logs, "proposal", "--year", "2022", "--county", "18");
        Assert.True(exit == 0, err);

        (exit, _, err) = await Run(host, logs, "decide", "--year", "2022", "--county", "18", "--date", "2021-11-08", "--dnr", new string('8', 51),
            "--decided-by", "landshövding \u202Enossral airaM", "--presented-by", "Ingela\u00ADFredriksson");
        Assert.Equal(2, exit);
        Assert.DoesNotContain("   at ", err);
        Assert.Contains("command line: field '--dnr': The text is 51 characters; at most 50 are accepted. [text-too-long]", err);
        Assert.Contains("command line: field '--decided-by': The text contains an invisible or control character, U+202E (RIGHT-TO-LEFT OVERRIDE), at position 14; remove it. [invisible-character]", err);
        Assert.Contains("field '--presented-by'", err);
        Assert.Contains("U+00AD (SOFT HYPHEN)", err);
        Assert.Contains("Rejected: 3 problem(s); nothing was stored.", err);
        Assert.Empty((await host.Get<ICountyYearStore>().LoadAsync(2022, "18", default)).Decisions);

        (exit, _, err) = await Run(host, logs, "render", "--year", "2022", "--county", "18", "--proposal", "--dnr", "851\u200B-1", "--out", TempDirectory(host, "x.pdf"));
        Assert.Equal(2, exit);
        Assert.Contains("command line: field '--dnr'", err);
        Assert.False(File.Exists(TempDirectory(host, "x.pdf")));

        (exit, _, err) = await Run(host, logs, "notifications", "resend", "--year", "2022", "--county", "18", "--id", "x", "--by", new string('b', 101));
        Assert.Equal(2, exit);
        Assert.Contains("command line: field '--by': The text is 101 characters", err);
    }
}
