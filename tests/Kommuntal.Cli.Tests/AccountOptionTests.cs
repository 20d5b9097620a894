using System.Diagnostics;
using Kommuntal.Core.Validation;
using Kommuntal.Infrastructure;
using Kommuntal.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kommuntal.Cli.Tests;

/// <summary>
/// Issue 16, item 4: the command line reaches an Azure Storage account by name with Entra ID
/// (<c>--account</c> or <c>KOMMUNTAL_STORAGE_ACCOUNT</c>), beside <c>--storage</c>. Checked offline:
/// the options, their exclusion, the endpoints the app's own storage clients build from the name
/// (no connection string), and a missing credential as one line with exit 1.
/// </summary>
public class AccountOptionTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void An_account_name_is_the_apps_Storage_AccountName_setting_and_no_connection_string()
    {
        var fromOption = StorageTarget.Resolve(null, "stkommuntal01", Env());
        Assert.Equal("stkommuntal01", fromOption["Storage:AccountName"]);
        Assert.Null(fromOption["Storage:ConnectionString"]);

        Assert.Equal("stfromenv", StorageTarget.Resolve(null, null, Env(("KOMMUNTAL_STORAGE_ACCOUNT", "stfromenv")))["Storage:AccountName"]);
        // An option on the command line wins over the environment, whichever kind it is.
        Assert.Equal("stoption", StorageTarget.Resolve(null, "stoption", Env(("KOMMUNTAL_STORAGE", "UseDevelopmentStorage=true")))["Storage:AccountName"]);
        var storage = StorageTarget.Resolve("UseDevelopmentStorage=true", null, Env(("KOMMUNTAL_STORAGE_ACCOUNT", "stfromenv")));
        Assert.Equal("UseDevelopmentStorage=true", storage["Storage:ConnectionString"]);
        Assert.False(storage.ContainsKey("Storage:AccountName"));
        // Neither: Azurite, as before.
        Assert.Equal("UseDevelopmentStorage=true", StorageTarget.Resolve(null, null, Env())["Storage:ConnectionString"]);
    }

    [Theory]
    [InlineData("UseDevelopmentStorage=true", "stkommuntal", null, null, "both-storage-options")]
    [InlineData(null, null, "UseDevelopmentStorage=true", "stkommuntal", "both-storage-options")]
    [InlineData(null, "St-Kommuntal", null, null, "invalid-account-name")]
    [InlineData(null, "st", null, null, "invalid-account-name")]
    [InlineData(null, "https://st.blob.core.windows.net", null, null, "invalid-account-name")]
    public void Both_kinds_at_once_or_a_name_that_is_no_account_is_refused(string? storage, string? account, string? storageVariable, string? accountVariable, string code)
    {
        var env = Env(("KOMMUNTAL_STORAGE", storageVariable ?? ""), ("KOMMUNTAL_STORAGE_ACCOUNT", accountVariable ?? ""));
        var ex = Assert.Throws<ValidationFailedException>(() => StorageTarget.Resolve(storage, account, env));
        Assert.Equal(code, Assert.Single(ex.Problems).Code);
    }

    [Fact]
    public async Task On_the_command_line_both_options_are_exit_2_naming_them()
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var exit = await KommuntalCli.RunAsync(["status", "--year", "2022", "--storage", "UseDevelopmentStorage=true", "--account", "stkommuntal"], o, e);
        Assert.Equal(2, exit);
        Assert.Contains("not both", e.ToString());
        Assert.Contains("--account", e.ToString());
        Assert.DoesNotContain("   at ", e.ToString());
    }

    [Fact]
    public void The_apps_storage_clients_reach_the_accounts_table_and_blob_endpoints_with_Entra_ID()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(StorageTarget.Resolve(null, "stkommuntal01", Env())).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddKommuntal(config);
        using var sp = services.BuildServiceProvider();
        var storage = sp.GetRequiredService<StorageClients>();
        Assert.Equal(new Uri("https://stkommuntal01.table.core.windows.net/"), storage.Tables.Uri);
        Assert.Equal(new Uri("https://stkommuntal01.blob.core.windows.net/"), storage.Blobs.Uri);
        Assert.Equal(new Uri("https://stkommuntal01.blob.core.windows.net/published"), storage.Published.Uri);
        Assert.Equal("stkommuntal01", storage.Tables.AccountName);
        // A token credential, not a key: no client can sign a SAS with a shared key.
        Assert.False(storage.Blobs.CanGenerateAccountSasUri);
    }

    [Fact]
    public async Task Without_a_credential_the_command_ends_with_one_line_naming_the_account_and_exit_1()
    {
        // The real `kommuntal` in a process of its own, offline: only the developer credentials
        // (AZURE_TOKEN_CREDENTIALS=dev: az, azd, PowerShell, VS Code; no managed identity endpoint is
        // asked) and none of their tools on PATH, so DefaultAzureCredential has nothing to sign in with
        // and fails before any request leaves the machine.
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? Environment.ProcessPath!;
        Assert.Equal("dotnet", Path.GetFileNameWithoutExtension(dotnet));
        var home = Directory.CreateTempSubdirectory("kommuntal-account-");
        try
        {
            var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = home.FullName };
            foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "kommuntal.dll"), "status", "--year", "2022", "--account", "stkommuntal01" })
                start.ArgumentList.Add(a);
            start.Environment["PATH"] = home.FullName;
            start.Environment["HOME"] = home.FullName;
            start.Environment["XDG_STATE_HOME"] = home.FullName;
            start.Environment["AZURE_TOKEN_CREDENTIALS"] = "dev";
            foreach (var v in new[] { "KOMMUNTAL_STORAGE", "KOMMUNTAL_STORAGE_ACCOUNT", "AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_CLIENT_SECRET", "AZURE_FEDERATED_TOKEN_FILE" })
                start.Environment.Remove(v);
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
            var err = await stderr;
            Assert.Equal(1, process.ExitCode);
            Assert.Equal("", await stdout);
            var line = Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            Assert.DoesNotContain(" at ", line);
            Assert.Contains("No credential for storage account stkommuntal01 (DefaultAzureCredential)", line);
            Assert.Contains("az login", line);
            // The details (each credential's reason) are in the log file the line names.
            var log = Directory.GetFiles(Path.Combine(home.FullName, "kommuntal")).Single();
            Assert.Contains(log, line);
            Assert.Contains("DefaultAzureCredential failed", File.ReadAllText(log));
        }
        finally
        {
            home.Delete(recursive: true);
        }
    }
}
