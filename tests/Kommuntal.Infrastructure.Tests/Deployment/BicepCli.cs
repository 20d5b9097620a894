using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Kommuntal.Infrastructure.Tests.Deployment;

/// <summary>
/// The Bicep CLI from the NuGet package Azure.Bicep.CommandLine.linux-x64, which the tools project
/// tools/Kommuntal.Tools.Bicep downloads on restore (this test project references it, so restoring
/// the solution brings it). No network is used at run time.
/// </summary>
public static partial class BicepCli
{
    /// <summary>The pinned version; must equal the PackageDownload in the tools project (a test checks).</summary>
    public const string Version = "0.49.2";

    public const string PackageId = "Azure.Bicep.CommandLine.linux-x64";

    /// <summary>
    /// $BICEP_PATH if set, otherwise the package in $NUGET_PACKAGES or ~/.nuget/packages.
    /// </summary>
    public static string Locate()
    {
        var explicitPath = Environment.GetEnvironmentVariable("BICEP_PATH");
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return File.Exists(explicitPath) ? explicitPath : throw new InvalidOperationException($"BICEP_PATH={explicitPath} does not exist.");
        }
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || RuntimeInformation.OSArchitecture != Architecture.X64)
        {
            throw new PlatformNotSupportedException($"The pinned Bicep CLI package is {PackageId}; on {RuntimeInformation.RuntimeIdentifier} set BICEP_PATH to a Bicep {Version} binary.");
        }
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrWhiteSpace(packages))
        {
            packages = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        }
        var path = Path.Combine(packages, PackageId.ToLowerInvariant(), Version, "tools", "bicep");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"Bicep CLI not found at {path}. Restore the solution (or `dotnet restore tools/Kommuntal.Tools.Bicep`) to download {PackageId} {Version}.");
        }
        // NuGet normally keeps the execute bit; make sure, since the tests run as the package's owner.
        var mode = File.GetUnixFileMode(path);
        if ((mode & UnixFileMode.UserExecute) == 0)
        {
            File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute);
        }
        return path;
    }

    /// <summary>Runs the CLI with a timeout (the process tree is killed when it expires).</summary>
    public static async Task<BicepRun> RunAsync(IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(Locate())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // Parameter files read these; a value in the test runner's environment must not leak in.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("KOMMUNTAL_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bicep did not start");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds:0} s.");
        }
        var error = await stderr;
        return new BicepRun(string.Join(' ', arguments), process.ExitCode, await stdout, error, clock.Elapsed, ParseDiagnostics(error));
    }

    /// <summary>Parses the CLI's default diagnostics format: <c>file(line,col) : Level CODE: message</c>.</summary>
    public static IReadOnlyList<BicepDiagnostic> ParseDiagnostics(string output) =>
        output.Split('\n')
            .Select(line => DiagnosticLine().Match(line.TrimEnd('\r')))
            .Where(m => m.Success)
            .Select(m => new BicepDiagnostic(m.Groups["file"].Value, int.Parse(m.Groups["line"].Value), int.Parse(m.Groups["col"].Value),
                m.Groups["level"].Value, m.Groups["code"].Value, m.Groups["message"].Value))
            .ToList();

    [GeneratedRegex(@"^(?<file>.+)\((?<line>\d+),(?<col>\d+)\) : (?<level>Error|Warning|Info) (?<code>[^:\s]+): (?<message>.*)$")]
    private static partial Regex DiagnosticLine();
}

public sealed record BicepDiagnostic(string File, int Line, int Column, string Level, string Code, string Message)
{
    public override string ToString() => $"{Path.GetFileName(File)}({Line},{Column}) : {Level} {Code}: {Message}";
}

public sealed record BicepRun(string Command, int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed,
    IReadOnlyList<BicepDiagnostic> Diagnostics)
{
    /// <summary>Errors and warnings: the templates are kept free of both (infra/bicepconfig.json sets the rule levels).</summary>
    public IReadOnlyList<BicepDiagnostic> Problems => Diagnostics.Where(d => d.Level is "Error" or "Warning").ToList();

    public string Describe() =>
        $"bicep {Command}: exit {ExitCode} after {Elapsed.TotalSeconds:0.0} s{Environment.NewLine}{StandardError}";
}
