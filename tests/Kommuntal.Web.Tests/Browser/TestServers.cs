using Kommuntal.Testing;
using Kommuntal.Tools.Serve;
using Microsoft.Extensions.Logging;

namespace Kommuntal.Web.Tests;

/// <summary>
/// The local server the browser tests drive (<c>kommuntal-serve</c>'s host, not started yet): a free
/// port, the app's example settings and fresh keys, the run's Azurite under a storage prefix of its
/// own, and the test's settings on top (e-mail, options).
/// </summary>
internal static class TestServers
{
    public static ServeApp Create(string storagePrefix, IDictionary<string, string?> settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = TestStorage.ConnectionString,
            ["Storage:Prefix"] = storagePrefix,
        };
        foreach (var (key, value) in settings) all[key] = value;
        return ServeHost.Create(new ServeOptions(
            Port: 0,
            SettingsFile: Samples.Path("src", "Kommuntal.Functions", "local.settings.json.example"),
            FunctionKey: FunctionKeys.NewKey(),
            MasterKey: FunctionKeys.NewKey(),
            Settings: all,
            MinimumLogLevel: LogLevel.Warning));
    }
}
