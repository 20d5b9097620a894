using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Kommuntal.Testing;

namespace Kommuntal.Tools.Serve.Tests;

/// <summary>
/// <c>scripts/local.sh serve</c> as a user runs it: it starts Azurite on its own data directory,
/// serves the app, answers over HTTP, and on SIGTERM (to the script) or Ctrl-C (SIGINT to its whole
/// process group, as a terminal sends it) stops the server and Azurite and exits 0. Also the server
/// binary's refusal where WEBSITE_HOSTNAME is set.
/// </summary>
public partial class ServeScriptTests
{
    private const int SigInt = 2, SigTerm = 15;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    private static bool Alive(int pid) => kill(pid, 0) == 0;

    [Theory]
    [InlineData("SIGTERM to the script")]
    [InlineData("Ctrl-C")]
    public async Task Local_sh_serve_starts_answers_and_stops_with_Azurite(string stop)
    {
        var dll = Samples.Path("tools", "Kommuntal.Tools.Serve", "bin", "Release", "net10.0", "kommuntal-serve.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: build the solution in Release first (scripts/test.sh does).");
        var azuriteDir = Path.Combine(Path.GetTempPath(), "kommuntal-tests", TestStorage.NewPrefix(), "azurite");
        var key = Kommuntal.Tools.Serve.FunctionKeys.NewKey();
        // setsid: the script leads a process group of its own, as a terminal's foreground job does.
        // env --default-signal=INT: and SIGINT is not ignored, as in a terminal. A process started in
        // the background of a non-interactive shell (as a CI runner may start the test host) inherits
        // SIGINT ignored, and bash can neither trap nor reset a signal ignored on entry: the Ctrl-C
        // would then reach nobody (found by the full suite timing out here on this machine).
        var start = new ProcessStartInfo("setsid",
            ["env", "--default-signal=INT", "bash", Samples.Path("scripts", "local.sh"), "serve", "--port", "0", "--as", "Coordinator.All"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.Environment["KOMMUNTAL_AZURITE_DIR"] = azuriteDir;
        start.Environment["KOMMUNTAL_SERVE_NO_BUILD"] = "1";
        start.Environment["KOMMUNTAL_FUNCTION_KEY"] = key;
        start.Environment.Remove("KOMMUNTAL_MASTER_KEY");

        var output = new List<string>();
        var errors = new List<string>();
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.Add(e.Data);
            if (ListeningLine().Match(e.Data) is { Success: true } m) listening.TrySetResult(new Uri(m.Groups[1].Value + "/"));
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (errors) errors.Add(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var exited = process.WaitForExitAsync();
            var first = await Task.WhenAny(listening.Task, exited, Task.Delay(TimeSpan.FromMinutes(3)));
            Assert.True(first == listening.Task, $"no 'Listening on' line.\nstdout:\n{Join(output)}\nstderr:\n{Join(errors)}");
            var address = await listening.Task;
            int azurite;
            lock (errors) azurite = int.Parse(errors.Select(l => AzuriteLine().Match(l)).First(m => m.Success).Groups[1].Value);
            Assert.True(Alive(azurite));
            lock (output) Assert.Contains($"Function key: (from KOMMUNTAL_FUNCTION_KEY)", output);
            lock (output) Assert.Contains($"Public: {address.ToString().TrimEnd('/')}/api/public", output);
            lock (output) Assert.Contains(output, l => l.StartsWith("Master key: ", StringComparison.Ordinal) && l.Length > 40);
            lock (output) Assert.Contains($"Portal: {address}api/portal", output);

            using var client = new HttpClient(new OpenApi.OpenApiValidatingHandler(OpenApi.OpenApiContract.Document)) { BaseAddress = address }; // checked against openapi.json
            var upload = new HttpRequestMessage(HttpMethod.Post, "api/quotas/2022") { Content = new ByteArrayContent(File.ReadAllBytes(Samples.Path("samples", "2022", "lanstal-2022.csv"))) };
            upload.Headers.Add("x-functions-key", key);
            upload.Headers.Add("X-File-Name", "lanstal-2022.csv");
            Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(upload)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/health")).StatusCode);

            Assert.Equal(0, stop == "Ctrl-C" ? kill(-process.Id, SigInt) : kill(process.Id, SigTerm));
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}\nstderr:\n{Join(errors)}");
            Assert.False(Alive(azurite), $"Azurite (pid {azurite}) is still running");
            using var probe = new TcpClient();
            await Assert.ThrowsAnyAsync<SocketException>(() => probe.ConnectAsync(address.Host, address.Port));
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            try
            {
                Directory.Delete(Path.GetDirectoryName(azuriteDir)!, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
                // the script did not get that far
            }
        }
    }

    [Fact]
    public async Task The_server_exits_1_with_the_reason_where_WEBSITE_HOSTNAME_is_set()
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "kommuntal-serve.dll"), "--port", "0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["WEBSITE_HOSTNAME"] = "kommuntal.azurewebsites.net";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(1, process.ExitCode);
        Assert.Contains("WEBSITE_HOSTNAME is set (kommuntal.azurewebsites.net)", await stderr);
        Assert.DoesNotContain("Listening on", await stdout);
    }

    private static string Join(List<string> lines)
    {
        lock (lines) return string.Join("\n", lines);
    }

    [GeneratedRegex(@"^Listening on (http://127\.0\.0\.1:\d+)$")]
    private static partial Regex ListeningLine();

    [GeneratedRegex(@"Azurite running \(pid (\d+);")]
    private static partial Regex AzuriteLine();
}
