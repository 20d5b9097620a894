using System.CommandLine;
using Kommuntal.Application.Ports;
using Kommuntal.Core.Allocation;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Core.Validation;
using Kommuntal.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kommuntal.Cli;

/// <summary>
/// The `kommuntal` command line. Every command builds the same services as the Functions app
/// (<see cref="ServiceCollectionExtensions.AddKommuntal"/>) and calls the same application services.
/// Exit codes: 0 done, 1 failed, 2 input rejected (every problem on stderr), 3 conflict.
/// </summary>
public static class KommuntalCli
{
    public const int Ok = 0, Failed = 1, Rejected = 2, Conflict = 3;

    internal static readonly Option<string?> StorageOption = new("--storage")
    {
        Description = "Storage connection string (default: $KOMMUNTAL_STORAGE, else UseDevelopmentStorage=true).",
        Recursive = true,
    };

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error,
        IReadOnlyDictionary<string, string?>? settings = null, CancellationToken cancellationToken = default)
    {
        var context = new CliContext(output, error, settings ?? new Dictionary<string, string?>());
        var root = new RootCommand("Kommuntal: fördelning av anvisningar till kommuner (kommuntal) – från länstal till beslut och e-post.");
        root.Add(StorageOption);
        // --version prints this tool's version (also when hosted in another process, e.g. the tests).
        root.Options.OfType<VersionOption>().Single().Action = new PrintVersion();
        root.Add(RunCommand.Create(context));
        root.Add(QuotaCommands.Create(context));
        foreach (var c in LifecycleCommands.Create(context)) root.Add(c);
        root.Add(IndicatorCommands.Create(context));
        root.Add(WishCommands.Create(context));
        root.Add(RecipientCommands.Create(context));
        root.Add(NotificationCommands.Create(context));
        root.Add(AllocateCommand.Create(context));
        root.Add(RenderCommand.Create(context));
        var parse = root.Parse(args);
        return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
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

/// <summary>Per-invocation context: output streams and configuration overrides (tests pass settings here).</summary>
internal sealed class CliContext(TextWriter output, TextWriter error, IReadOnlyDictionary<string, string?> settings)
{
    public TextWriter Out { get; } = output;
    public TextWriter Error { get; } = error;

    /// <summary>Who is acting, for the audit trail: the OS user running the command.</summary>
    public string Actor { get; } = Environment.UserName is { Length: > 0 } u ? $"cli:{u}" : "cli";

    /// <summary>Builds the service provider from defaults, environment, settings and the command line's options.</summary>
    public ServiceProvider BuildServices(ParseResult parse, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var storage = parse.GetValue(KommuntalCli.StorageOption)
            ?? Environment.GetEnvironmentVariable("KOMMUNTAL_STORAGE")
            ?? "UseDevelopmentStorage=true";
        var defaults = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = storage,
            ["Storage:PublicContainerAccess"] = "true",
        };
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

    /// <summary>Runs a command body, mapping the product's errors to exit codes and clear messages.</summary>
    public async Task<int> Guard(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (ValidationFailedException ex)
        {
            foreach (var p in ex.Problems) await Error.WriteLineAsync(p.ToString());
            await Error.WriteLineAsync($"Rejected: {ex.Problems.Count} problem(s); nothing was stored.");
            return KommuntalCli.Rejected;
        }
        catch (InfeasibleDeviationsException ex)
        {
            await Error.WriteLineAsync($"Infeasible deviations: {ex.Message}");
            await Error.WriteLineAsync($"Avvikelserna går inte att förena: {ex.MessageSv}");
            return KommuntalCli.Rejected;
        }
        catch (InvalidTransitionException ex)
        {
            await Error.WriteLineAsync($"Not allowed: {ex.Message} / {ex.MessageSv}");
            return KommuntalCli.Rejected;
        }
        catch (ConcurrencyConflictException ex)
        {
            await Error.WriteLineAsync($"Conflict: {ex.Message}");
            return KommuntalCli.Conflict;
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 0 || ex.InnerException is HttpRequestException)
        {
            await Error.WriteLineAsync($"Storage is not reachable ({ex.Message.Split('\n')[0]}). Start Azurite (scripts/demo.sh does) or pass --storage.");
            return KommuntalCli.Failed;
        }
    }
}
