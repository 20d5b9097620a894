using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Kommuntal.Infrastructure.Storage;
using Kommuntal.Testing;
using MimeKit;

namespace Kommuntal.Infrastructure.Tests.Stress;

/// <summary>
/// Everything a run leaves behind under one storage prefix, normalised so that two runs that did
/// the same work compare equal: every table row (partition, row key, properties) and every blob
/// (name and SHA-256 of the content), plus the local .eml outbox.
/// </summary>
/// <remarks>
/// What is normalised, because it legitimately depends on when or in which process a row was
/// written, never on what was done: the Timestamp and ETag of every row; every date-time property
/// (UploadedAt, CreatedAt, SentAt, NextAttemptAt, PublishedAt…) and the ticks in audit row keys
/// (a re-run happens later on the fake clock); the random suffix of audit rows the dispatcher appends
/// and the CorrelationId of audit rows (one per run); the times in the published index's JSON; and in outbox rows the retry bookkeeping a
/// fault legitimately leaves (Attempts, and ProviderStatus "AlreadyWritten", the local outbox's word
/// for a message whose file an interrupted attempt had already written, also in the audit line that
/// records the send). Everything else, including
/// every id, number, hash, status, audit action and text, must be equal.
/// </remarks>
internal sealed record StorageState(IReadOnlyList<string> Rows, IReadOnlyList<string> Blobs, IReadOnlyList<string> Emails)
{
    private static readonly Regex IsoTime = new(@"""\d{4}-\d{2}-\d{2}T[^""]*""", RegexOptions.CultureInvariant);
    private static readonly Regex AuditKey = new(@"^audit-\d{19}-(x[0-9a-f]{12}|\d{8})$", RegexOptions.CultureInvariant);

    public static async Task<StorageState> CaptureAsync(string prefix)
    {
        await using var host = new TestHost(prefix: prefix);
        var clients = host.Get<StorageClients>();
        var pdfHashes = new Dictionary<string, string>(StringComparer.Ordinal);
        var blobs = new List<string>();
        foreach (var container in new[] { clients.Published, clients.Inbox })
            await foreach (var item in container.GetBlobsAsync())
            {
                var content = (await container.GetBlobClient(item.Name).DownloadContentAsync()).Value.Content.ToArray();
                if (item.Name.EndsWith(".html", StringComparison.Ordinal))
                {
                    // The page links the container (whose name carries the prefix) and lists each PDF's SHA-256.
                    var html = Encoding.UTF8.GetString(content).Replace(prefix.ToLowerInvariant(), "<prefix>", StringComparison.Ordinal);
                    foreach (var (hash, named) in pdfHashes) html = html.Replace(hash, named, StringComparison.Ordinal);
                    content = Encoding.UTF8.GetBytes(html);
                }
                if (item.Name.StartsWith("index/", StringComparison.Ordinal) && item.Name.EndsWith(".json", StringComparison.Ordinal))
                {
                    // The published index: its times (publishedAt, updatedAt) depend on when a step ran, the
                    // documents' hashes on when they were rendered (see below), and the root names the year
                    // blob's hash (listed before it, so already named).
                    var raw = Convert.ToHexStringLower(SHA256.HashData(content));
                    var json = IsoTime.Replace(Encoding.UTF8.GetString(content), "\"<time>\"");
                    foreach (var (hash, named) in pdfHashes) json = json.Replace(hash, named, StringComparison.Ordinal);
                    pdfHashes[raw] = $"<sha256 of {item.Name}>";
                    content = Encoding.UTF8.GetBytes(json);
                }
                var sha = Convert.ToHexStringLower(SHA256.HashData(content));
                if (item.Name.EndsWith(".pdf", StringComparison.Ordinal))
                {
                    // PDFsharp stamps every file with the machine's time and a random document id, so two
                    // renderings of the same decision differ in bytes: a PDF's hash is compared by what
                    // points at it (the row that records this blob must carry this blob's hash).
                    pdfHashes[sha] = $"<sha256 of {item.Name}>";
                    sha = pdfHashes[sha];
                }
                blobs.Add($"{container.Name[prefix.Length..]}/{item.Name} {sha}");
            }
        blobs.Sort(StringComparer.Ordinal);
        var rows = new List<string>();
        foreach (var table in new[] { clients.Quotas, clients.CountyYears, clients.Inputs })
            await foreach (var e in table.QueryAsync<TableEntity>())
                rows.Add(table.Name[prefix.Length..] + " " + Normalise(e, pdfHashes));
        rows.Sort(StringComparer.Ordinal);

        return new StorageState(rows, blobs, ReadEmails(host.OutboxDirectory));
    }

    /// <summary>One line per .eml file: recipient, Operation-Id and subject (a file is named by its Operation-Id).</summary>
    public static IReadOnlyList<string> ReadEmails(string directory)
    {
        if (!Directory.Exists(directory)) return [];
        var leftovers = Directory.GetFiles(directory).Where(f => !f.EndsWith(".eml", StringComparison.Ordinal)).ToList();
        Assert.True(leftovers.Count == 0, "files other than .eml in the outbox: " + string.Join(", ", leftovers));
        return Directory.GetFiles(directory, "*.eml")
            .Select(f => MimeMessage.Load(f))
            .Select(m => $"{m.To.Mailboxes.Single().Address} {m.Headers["X-Kommuntal-Operation-Id"]} {m.Subject}")
            .Order(StringComparer.Ordinal).ToList();
    }

    private static string Normalise(TableEntity e, Dictionary<string, string> pdfHashes)
    {
        var rowKey = AuditKey.Match(e.RowKey) is { Success: true } m
            ? "audit-<ticks>-" + (m.Groups[1].Value.StartsWith('x') ? "x<random>" : m.Groups[1].Value)
            : e.RowKey;
        var outbox = e.GetString("EntityType") == "outbox";
        var sb = new StringBuilder().Append(e.PartitionKey).Append('/').Append(rowKey);
        foreach (var (key, value) in e.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (key is "PartitionKey" or "RowKey" or "Timestamp" or "odata.etag" || key.EndsWith("@odata.type", StringComparison.Ordinal)) continue;
            var text = value switch
            {
                null => "null",
                DateTimeOffset or DateTime => "<time>",
                _ when key == "CorrelationId" => "<run>",
                _ when outbox && key == "Attempts" => "<attempts>",
                string s when outbox && key == "ProviderStatus" && s == "AlreadyWritten" => "Written",
                string s when key == "Details" && s.EndsWith(" via local-outbox (AlreadyWritten)", StringComparison.Ordinal) => s[..^"(AlreadyWritten)".Length] + "(Written)",
                string s when pdfHashes.TryGetValue(s, out var named) => named,
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString(),
            };
            sb.Append(' ').Append(key).Append('=').Append(text);
        }
        return sb.ToString();
    }

    /// <summary>Asserts equality line by line, naming the first lines that differ.</summary>
    public void AssertSameAs(StorageState expected, string context)
    {
        AssertLines(expected.Rows, Rows, context + ": table rows");
        AssertLines(expected.Blobs, Blobs, context + ": blobs");
        AssertLines(expected.Emails, Emails, context + ": .eml outbox");
    }

    private static void AssertLines(IReadOnlyList<string> expected, IReadOnlyList<string> actual, string what)
    {
        if (expected.SequenceEqual(actual)) return;
        // Multiset difference: a duplicated row is an extra row.
        static List<string> Minus(IReadOnlyList<string> a, IReadOnlyList<string> b)
        {
            var left = b.GroupBy(x => x, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var result = new List<string>();
            foreach (var x in a)
                if (left.TryGetValue(x, out var c) && c > 0) left[x] = c - 1;
                else result.Add(x);
            return result;
        }
        var missing = Minus(expected, actual).Take(3).Select(Short);
        var extra = Minus(actual, expected).Take(3).Select(Short);
        Assert.Fail($"{what} differ ({expected.Count} expected, {actual.Count} found).\n missing: {string.Join("\n   ", missing)}\n extra: {string.Join("\n   ", extra)}");
    }

    private static string Short(string s) => s.Length > 600 ? s[..600] + "…" : s;
}
