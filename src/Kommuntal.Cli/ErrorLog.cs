using System.Text;

namespace Kommuntal.Cli;

/// <summary>
/// Where an unexpected failure's details go: a file only the user can read, under
/// <c>Cli:ErrorLogDirectory</c> when set, else <c>$XDG_STATE_HOME/kommuntal</c>, else
/// <c>~/.local/state/kommuntal</c>, else the temporary directory. The command line says one line
/// and names the file; the file holds the command (with the storage connection string masked) and
/// the whole exception.
/// </summary>
internal static class ErrorLog
{
    public const string DirectorySetting = "Cli:ErrorLogDirectory";

    /// <summary>Writes the report; returns its path, or null when no candidate directory could be written.</summary>
    public static string? Write(Exception exception, IReadOnlyList<string> args, IReadOnlyDictionary<string, string?> settings, DateTimeOffset now)
    {
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Kommuntal {Version()}: unexpected error at {now:yyyy-MM-dd HH:mm:ss} UTC")
            .AppendLine(CultureInfo.InvariantCulture, $"Command: kommuntal {string.Join(' ', Masked(args))}")
            .AppendLine()
            .AppendLine(exception.ToString())
            .ToString();
        var name = $"kommuntal-error-{now:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..8]}.log";
        foreach (var directory in Candidates(settings))
        {
            try
            {
                if (OperatingSystem.IsWindows()) Directory.CreateDirectory(directory);
                else Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                var path = Path.Combine(directory, name);
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                using (var file = new StreamWriter(path, Encoding.UTF8, options)) file.Write(text);
                return path;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                // try the next place
            }
        }
        return null;
    }

    /// <summary>The arguments with the value of --storage (a connection string may hold an account key) replaced by ***.</summary>
    public static IEnumerable<string> Masked(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (a == "--storage")
            {
                yield return a;
                if (i + 1 < args.Count) { yield return "***"; i++; }
            }
            else if (a.StartsWith("--storage=", StringComparison.Ordinal) || a.StartsWith("--storage:", StringComparison.Ordinal)) yield return "--storage=***";
            else yield return a;
        }
    }

    private static IEnumerable<string> Candidates(IReadOnlyDictionary<string, string?> settings)
    {
        if (settings.TryGetValue(DirectorySetting, out var configured) && !string.IsNullOrWhiteSpace(configured)) yield return configured;
        if (Environment.GetEnvironmentVariable("XDG_STATE_HOME") is { Length: > 0 } state && Path.IsPathRooted(state)) yield return Path.Combine(state, "kommuntal");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (home.Length > 0) yield return Path.Combine(home, ".local", "state", "kommuntal");
        yield return Path.Combine(Path.GetTempPath(), "kommuntal");
    }

    private static string Version() =>
        typeof(ErrorLog).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "unknown";
}
