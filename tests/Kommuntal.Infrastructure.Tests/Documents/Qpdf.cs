using System.Diagnostics;

namespace Kommuntal.Infrastructure.Tests.Documents;

/// <summary>
/// Debian's <c>qpdf</c> (scripts/lib/prerequisites.sh installs it): <c>qpdf --check</c> parses the
/// file's structure, every object and every page's content stream (inflating it), and reports damage
/// as "WARNING:" lines with exit code 3, or errors with exit code 2.
/// </summary>
internal static class Qpdf
{
    public const string Path = "/usr/bin/qpdf";

    public sealed record Result(int ExitCode, string Output)
    {
        /// <summary>Exit code 0 (2 is an error, 3 warnings) and not one warning in the output.</summary>
        public bool Clean => ExitCode == 0 && !Output.Contains("WARNING", StringComparison.Ordinal);

        public override string ToString() => $"qpdf --check: exit {ExitCode}{Environment.NewLine}{Output}";
    }

    public static async Task<Result> CheckAsync(byte[] pdf, string name)
    {
        Assert.True(File.Exists(Path), $"{Path} is missing: run scripts/test.sh (it installs Debian's qpdf) or apt-get install qpdf.");
        var dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "kommuntal-qpdf");
        Directory.CreateDirectory(dir);
        var file = System.IO.Path.Combine(dir, $"{name}-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        try
        {
            var start = new ProcessStartInfo(Path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add("--check");
            start.ArgumentList.Add(file);
            using var process = Process.Start(start) ?? throw new InvalidOperationException("qpdf did not start");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await process.WaitForExitAsync(timeout.Token);
            return new Result(process.ExitCode, await stdout + await stderr);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
