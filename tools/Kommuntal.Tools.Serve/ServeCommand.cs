using System.CommandLine;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Kommuntal.Tools.Serve;

/// <summary>
/// <c>kommuntal-serve [--port PORT] [--as ROLE[,ROLE]] [--timers] [--settings FILE]</c>. Prints the
/// keys and routes, then <c>Listening on http://127.0.0.1:PORT</c>, and serves until Ctrl-C or
/// SIGTERM. Exit codes: 0 stopped, 1 refused to start or failed (the reason on stderr).
/// </summary>
public static class ServeCommand
{
    public const string DefaultSettings = "src/Kommuntal.Functions/local.settings.json";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var port = new Option<int>("--port") { Description = "TCP port on 127.0.0.1 (default 7071, like the Functions host; 0 takes a free one).", DefaultValueFactory = _ => 7071 };
        var roles = new Option<string?>("--as") { Description = "Roles of a request that carries no identity, e.g. Coordinator.All or Coordinator.18,Coordinator.19." };
        var timers = new Option<bool>("--timers") { Description = "Run the timer functions on their schedules (each can always be run on demand: POST /admin/functions/{name} with the master key)." };
        var settings = new Option<string?>("--settings")
        {
            Description = $"A local.settings.json (default {DefaultSettings} under the current directory, else its .example).",
        };
        var root = new RootCommand("Serves every function of Kommuntal.Functions over HTTP on 127.0.0.1 without the Functions host (development mode).")
        {
            port, roles, timers, settings,
        };
        root.SetAction(async (parse, _) =>
        {
            string? settingsFile;
            try
            {
                settingsFile = SettingsFile(parse.GetValue(settings));
            }
            catch (ServeRefusedException ex)
            {
                await error.WriteLineAsync("kommuntal-serve: " + ex.Message);
                return 1;
            }
            var options = new ServeOptions(
                Port: parse.GetValue(port),
                Roles: (parse.GetValue(roles) ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
                Timers: parse.GetValue(timers),
                SettingsFile: settingsFile,
                FunctionKey: Environment.GetEnvironmentVariable(FunctionKeys.FunctionKeyVariable),
                MasterKey: Environment.GetEnvironmentVariable(FunctionKeys.MasterKeyVariable));
            return await ServeAsync(options, output, error);
        });
        // The host's console lifetime handles Ctrl-C and SIGTERM (a graceful stop); the parser does not.
        var config = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null };
        return await root.Parse(args).InvokeAsync(config);
    }

    public static async Task<int> ServeAsync(ServeOptions options, TextWriter output, TextWriter error)
    {
        ServeApp app;
        try
        {
            app = ServeHost.Create(options);
        }
        catch (Exception ex) when (ex is ServeRefusedException or OptionsValidationException or InvalidOperationException or IOException)
        {
            await error.WriteLineAsync("kommuntal-serve: " + ex.Message);
            return 1;
        }
        await using (app)
        {
            // Ctrl-C in a terminal reaches both scripts/local.sh and this process, and the script then
            // sends SIGTERM too: every such signal asks for the same graceful stop for as long as it
            // runs (the host's own handlers stop listening after the first one).
            void Stop(PosixSignalContext signal)
            {
                signal.Cancel = true;
                app.App.Lifetime.StopApplication();
            }
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
            try
            {
                await app.StartAsync();
            }
            catch (Exception ex) when (ex is OptionsValidationException or IOException or InvalidOperationException)
            {
                await error.WriteLineAsync("kommuntal-serve: " + ex.Message);
                return 1;
            }
            foreach (var line in app.Banner()) await output.WriteLineAsync(line);
            await output.WriteLineAsync($"Public: {app.BaseAddress!.ToString().TrimEnd('/')}{Kommuntal.Web.Routes.Public.Start}");
            // The coordinators' portal (issue 17): open it in a browser; without --as it answers as Azure would (401).
            await output.WriteLineAsync($"Portal: {app.BaseAddress!.ToString().TrimEnd('/')}/{app.RoutePrefix.Trim('/')}/portal");
            await output.WriteLineAsync($"Listening on {app.BaseAddress!.ToString().TrimEnd('/')}");
            await output.FlushAsync();
            await app.App.WaitForShutdownAsync();
        }
        return 0;
    }

    private static string? SettingsFile(string? given)
    {
        if (given is not null)
            return File.Exists(given) ? Path.GetFullPath(given) : throw new ServeRefusedException($"--settings: {given} does not exist.");
        if (File.Exists(DefaultSettings)) return Path.GetFullPath(DefaultSettings);
        return File.Exists(DefaultSettings + ".example") ? Path.GetFullPath(DefaultSettings + ".example") : null;
    }
}
