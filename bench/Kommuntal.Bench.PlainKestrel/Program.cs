using System.Net;
using Microsoft.Extensions.Primitives;

// plain-kestrel PORT PATH HEADERS BODY [PATH HEADERS BODY ...]
// Serves GET PATH (query ignored) with the status and headers recorded in HEADERS (as `curl -D`
// writes them) and the bytes of BODY, all from memory. Prints "Listening on http://127.0.0.1:PORT".
if (args.Length < 4 || (args.Length - 1) % 3 != 0)
{
    Console.Error.WriteLine("usage: plain-kestrel PORT PATH HEADERS BODY [PATH HEADERS BODY ...]");
    return 2;
}
var port = int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture);
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(k =>
{
    k.Listen(IPAddress.Loopback, port);
    k.AddServerHeader = false;
});
var app = builder.Build();
// Headers the server sets itself for every answer.
string[] own = ["Date", "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive", "Server"];
for (var i = 1; i < args.Length; i += 3)
{
    var path = args[i].Split('?')[0];
    var lines = File.ReadAllLines(args[i + 1]).Where(l => l.Length > 0).ToList();
    var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    var headers = lines.Skip(1).Select(l => (Name: l[..l.IndexOf(':')].Trim(), Value: l[(l.IndexOf(':') + 1)..].Trim()))
        .Where(h => !own.Contains(h.Name, StringComparer.OrdinalIgnoreCase))
        .GroupBy(h => h.Name, StringComparer.OrdinalIgnoreCase)
        .Select(g => (g.Key, new StringValues([.. g.Select(h => h.Value)])))
        .ToArray();
    var body = File.ReadAllBytes(args[i + 2]);
    app.MapGet(path, (HttpContext context) =>
    {
        var response = context.Response;
        response.StatusCode = status;
        foreach (var (name, value) in headers) response.Headers[name] = value;
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body).AsTask();
    });
    Console.WriteLine($"GET {path}: {status}, {headers.Length} headers, {body.Length} bytes");
}
await app.StartAsync();
Console.WriteLine($"Listening on http://127.0.0.1:{port}");
await app.WaitForShutdownAsync();
return 0;
