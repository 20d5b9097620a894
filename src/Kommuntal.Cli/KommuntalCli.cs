using System.CommandLine.Invocation;
using Kommuntal.Infrastructure;
using Kommuntal.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Kommuntal.Cli;

/// <summary>
/// The `kommuntal` command line. Every command builds the same services as the Functions app
/// (<see cref="ServiceCollectionExtensions.AddKommuntal"/>) and calls the same application services.
/// Exit codes: 0 done, 1 unexpected failure (details in a log file), 2 input rejected or missing
/// (every problem on stderr), 3 conflict with the stored state (a step out of order, or a
/// concurrent change).
/// </summary>
public static class KommuntalCli
{
    public const int Ok = 0, Failed = 1, Rejected = 2, Conflict = 3;

    internal static readonly Option<string?> StorageOption = new("--storage")
    {
        Description = "Storage connection string (default: $KOMMUNTAL_STORAGE, else UseDevelopmentStorage=true). Not with --account.",
        Recursive = true,
    };

    internal static readonly Option<string?> AccountOption = new("--account")
    {
        Description = "Azure Storage account name (default: $KOMMUNTAL_STORAGE_ACCOUNT): https://NAME.table.core.windows.net and "
            + "https://NAME.blob.core.windows.net with Entra ID (DefaultAzureCredential: az login, azd auth login, a managed identity). Not with --storage.",
        Recursive = true,
    };

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error,
        IReadOnlyDictionary<string, string?>? settings = null, CancellationToken cancellationToken = default)
    {
        var context = new CliContext(output, error, settings ?? new Dictionary<string, string?>(), args);
        var root = new RootCommand("Kommuntal: fördelning av anvisningar till kommuner (kommuntal) – från länstal till beslut och e-post.");
        root.Add(StorageOption);
        root.Add(AccountOption);
        // --version prints this tool's version (also when hosted in another process, e.g. the tests).
        root.Options.OfType<VersionOption>().Single().Action = new PrintVersion();
        root.Add(RunCommand.Create(context));
        root.Add(QuotaCommands.Create(context));
        foreach (var c in LifecycleCommands.Create(context)) root.Add(c);
        root.Add(IndicatorCommands.Create(context));
        root.Add(WishCommands.Create(context));
        root.Add(AndelstalCommands.Create(context));
        root.Add(FulfilmentCommands.Create(context));
        root.Add(RecipientCommands.Create(context));
        root.Add(NotificationCommands.Create(context));
        root.Add(AllocateCommand.Create(context));
        root.Add(RenderCommand.Create(context));
        var parse = root.Parse(args);
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        if (parse.Action is ParseErrorAction parseError)
        {
            // A mistake on the command line is rejected input: the errors (with "did you mean"), then where help is, exit 2.
            parseError.ShowHelp = false;
            await parse.InvokeAsync(configuration, cancellationToken);
            var command = CommandPath(parse.CommandResult);
            await error.WriteLineAsync($"Kommandoraden är inte giltig; se `{command} --help`. / The command line is not valid; see `{command} --help`.");
            return Rejected;
        }
        return await parse.InvokeAsync(configuration, cancellationToken);
    }

    /// <summary>"kommuntal wishes import" for the command a parse stopped in.</summary>
    private static string CommandPath(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new List<string>();
        for (System.CommandLine.Parsing.SymbolResult? r = result; r is System.CommandLine.Parsing.CommandResult c; r = c.Parent)
            names.Add(c.Command is RootCommand ? "kommuntal" : c.Command.Name);
        names.Reverse();
        return string.Join(' ', names);
    }
}

internal sealed class PrintVersion : System.CommandLine.Invocation.SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        var version = typeof(KommuntalCli).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "unknown";
        parseResult.InvocationConfiguration.Output.WriteLine(version);
        return KommuntalCli.Ok;
    }
}

/// <summary>Per-invocation context: output streams, configuration overrides (tests pass settings here) and the arguments (for an error report).</summary>
internal sealed class CliContext(TextWriter output, TextWriter error, IReadOnlyDictionary<string, string?> settings, IReadOnlyList<string> arguments)
{
    public TextWriter Out { get; } = output;
    public TextWriter Error { get; } = error;

    /// <summary>Who is acting, for the audit trail: the OS user running the command.</summary>
    public string Actor { get; } = Environment.UserName is { Length: > 0 } u ? $"cli:{u}" : "cli";

    /// <summary>
    /// Builds the service provider from defaults, environment, settings and the command line's options;
    /// with <paramref name="storage"/> (every command but the validators, which store and read nothing)
    /// it then creates the tables and containers where they are missing, as a host does at start-up.
    /// </summary>
    public Task<ServiceProvider> BuildServicesAsync(ParseResult parse, CancellationToken cancellationToken) =>
        BuildServicesAsync(parse, null, storage: true, cancellationToken);

    /// <summary>As <see cref="BuildServicesAsync(ParseResult, CancellationToken)"/>, with <paramref name="extra"/>
    /// settings over the others, and creating tables and containers only when <paramref name="storage"/>.</summary>
    public async Task<ServiceProvider> BuildServicesAsync(ParseResult parse, IReadOnlyDictionary<string, string?>? extra, bool storage,
        CancellationToken cancellationToken)
    {
        var services = BuildServices(parse, extra);
        try
        {
            if (storage) await services.GetRequiredService<StorageInitializer>().InitializeAsync(cancellationToken);
            return services;
        }
        catch
        {
            await services.DisposeAsync();
            throw;
        }
    }

    /// <summary>The Azure Storage account of this invocation (--account, KOMMUNTAL_STORAGE_ACCOUNT), once services are built.</summary>
    public string? Account { get; private set; }

    private ServiceProvider BuildServices(ParseResult parse, IReadOnlyDictionary<string, string?>? extra)
    {
        var defaults = StorageTarget.Resolve(parse.GetValue(KommuntalCli.StorageOption), parse.GetValue(KommuntalCli.AccountOption), Environment.GetEnvironmentVariable);
        Account = defaults.GetValueOrDefault("Storage:AccountName");
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(defaults)
            .AddEnvironmentVariables("KOMMUNTAL__")
            .AddInMemoryCollection(settings)
            .AddInMemoryCollection(extra ?? new Dictionary<string, string?>())
            .Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; }).SetMinimumLevel(LogLevel.Warning));
        services.AddKommuntal(config);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    /// <summary>
    /// Runs a command body and maps every error once: rejected input (each problem named) and the
    /// product's refusals (one sentence in Swedish and English) exit 2 or 3 (README, "Errors and exit
    /// codes"); anything else is unexpected: one line naming a log file with the details, exit 1.
    /// No stack trace ever reaches the screen.
    /// </summary>
    public async Task<int> Guard(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (ValidationFailedException ex)
        {
            foreach (var p in ex.Problems) await Error.WriteLineAsync(OneLine(p.ToString()));
            await Error.WriteLineAsync($"Avvisad: {ex.Problems.Count} problem; inget sparades. / Rejected: {ex.Problems.Count} problem(s); nothing was stored.");
            return KommuntalCli.Rejected;
        }
        catch (InfeasibleDeviationsException ex)
        {
            await Error.WriteLineAsync(OneLine($"Infeasible deviations: {ex.Message}"));
            await Error.WriteLineAsync(OneLine($"Avvikelserna går inte att förena: {ex.MessageSv}"));
            return KommuntalCli.Rejected;
        }
        catch (KommuntalException ex)
        {
            await Error.WriteLineAsync(OneLine(ex.Bilingual));
            return ExitCode(ex.Kind);
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 0 || ex.InnerException is HttpRequestException)
        {
            var why = OneLine(ex.Message.Split('\n')[0]);
            await Error.WriteLineAsync(Account is { } name
                ? $"Lagringskontot {name} går inte att nå ({why}). Kontrollera namnet och nätverket. / Storage account {name} is not reachable ({why}). Check the name and the network."
                : $"Lagringen går inte att nå ({why}). Starta Azurite (scripts/local.sh gör det) eller ange --storage. / "
                + $"Storage is not reachable ({why}). Start Azurite (scripts/local.sh does) or pass --storage.");
            return KommuntalCli.Failed;
        }
        catch (Azure.Identity.AuthenticationFailedException ex)
        {
            // No usable Entra ID credential for --account (not signed in, no managed identity): one line, the details in the log.
            var path = ErrorLog.Write(ex, arguments, settings, DateTimeOffset.UtcNow);
            var where = path is null ? "" : $"; detaljer i {path}";
            var whereEn = path is null ? "" : $"; details in {path}";
            await Error.WriteLineAsync($"Ingen inloggning för lagringskontot {Account} (DefaultAzureCredential){where}. Logga in med az login eller azd auth login, eller ange --storage. / "
                + $"No credential for storage account {Account} (DefaultAzureCredential){whereEn}. Sign in with az login or azd auth login, or pass --storage.");
            return KommuntalCli.Failed;
        }
                catch (OperationCanceledException ex) when (ex.CancellationToken.IsCancellationRequested)
        {
            await Error.WriteLineAsync("Avbrutet. / Cancelled.");
            return 130; // as a shell reports Ctrl+C
        }
        catch (Exception ex)
        {
            var path = ErrorLog.Write(ex, arguments, settings, DateTimeOffset.UtcNow);
            var what = OneLine($"{ex.GetType().Name}: {ex.Message}");
            if (what.Length > 200) what = what[..200] + "…";
            await Error.WriteLineAsync(path is null
                ? $"Ett oväntat fel inträffade och kunde inte skrivas till någon loggfil. / An unexpected error occurred and could not be written to a log file ({what})."
                : $"Ett oväntat fel inträffade; detaljer i {path} / An unexpected error occurred; details in {path} ({what})");
            return KommuntalCli.Failed;
        }
    }

    /// <summary>Exit 3 for a conflict with the stored state, 2 for anything the user must supply or fix.</summary>
    public static int ExitCode(FailureKind kind) => kind is FailureKind.Conflict or FailureKind.Concurrency ? KommuntalCli.Conflict : KommuntalCli.Rejected;

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
