using System.IO.Compression;

namespace Kommuntal.Core.Ingestion;

/// <summary>
/// Thrown inside a reader when the file breaks a budget or cannot be read; the reader turns it into
/// the one problem it carries (file-level: no line, field or cell).
/// </summary>
internal sealed class InputRejectedException(string code, string sv, string en) : Exception(en)
{
    public string Code { get; } = code;
    public string MessageSv { get; } = sv;

    public void AddTo(ProblemList problems) => problems.Add(null, null, Code, MessageSv, Message);
}

/// <summary>
/// A zip container (.xlsx, .ods) opened within <see cref="IngestionLimits"/>: the number of entries,
/// every entry's declared size and the sum of the compressed sizes (entries that share data, the
/// "overlapping" zip bomb, claim more than the file holds) are checked when it opens; a part is read
/// through a stream that counts what it inflates and stops at the part's budget, the budget of all
/// parts together, and the compression ratio. System.IO.Compression never inflates past an entry's
/// declared size, so a header that understates the size only truncates the part (which then fails
/// to parse).
/// </summary>
internal sealed class ZipContainer : IDisposable
{
    private readonly ZipArchive _zip;
    private readonly Dictionary<string, ZipArchiveEntry> _entries = new(StringComparer.OrdinalIgnoreCase);
    private readonly IngestionLimits _limits;
    private long _unpacked;

    private ZipContainer(ZipArchive zip, IngestionLimits limits)
    {
        _zip = zip;
        _limits = limits;
    }

    /// <summary>Opens the zip; throws <see cref="InputRejectedException"/> for a budget, InvalidDataException for a damaged file.</summary>
    public static ZipContainer Open(byte[] content, IngestionLimits limits)
    {
        var zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
        try
        {
            var entries = zip.Entries;
            if (entries.Count > limits.MaxZipEntries)
                throw new InputRejectedException("zip-too-many-entries",
                    $"Filen består av {N(entries.Count)} delar (zip-poster); högst {N(limits.MaxZipEntries)} godtas.",
                    $"The file consists of {N(entries.Count)} parts (zip entries); at most {N(limits.MaxZipEntries)} are accepted.");
            long compressed = 0;
            var container = new ZipContainer(zip, limits);
            foreach (var e in entries)
            {
                if (e.Length > limits.MaxPartBytes) throw PartTooLarge(e.FullName, e.Length, limits);
                compressed += e.CompressedLength;
                container._entries.TryAdd(e.FullName.TrimStart('/'), e);
            }
            if (compressed > content.LongLength)
                throw new InputRejectedException("zip-overlapping-entries",
                    $"Zip-posterna överlappar (deras packade storlekar är tillsammans {N(compressed)} byte, mer än filens {N(content.LongLength)}); filen godtas inte.",
                    $"The zip entries overlap (their compressed sizes add up to {N(compressed)} bytes, more than the file's {N(content.LongLength)}); the file is not accepted.");
            return container;
        }
        catch
        {
            zip.Dispose();
            throw;
        }
    }

    public bool Has(string name) => _entries.ContainsKey(name.TrimStart('/'));

    /// <summary>A part's content as a stream that enforces the budgets while it inflates; null when there is no such part.</summary>
    public Stream? Open(string name) =>
        _entries.TryGetValue(name.TrimStart('/'), out var e) ? new BudgetStream(e.Open(), e, this) : null;

    /// <summary>The text of a small part (at most <paramref name="maxBytes"/>, ASCII), or null when it is missing or larger.</summary>
    public string? ReadSmallAscii(string name, int maxBytes)
    {
        if (!_entries.TryGetValue(name, out var e) || e.Length > maxBytes) return null;
        using var s = Open(name)!;
        var buffer = new byte[maxBytes + 1];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = s.Read(buffer, total, buffer.Length - total)) > 0) total += read;
        return total > maxBytes ? null : System.Text.Encoding.ASCII.GetString(buffer, 0, total);
    }

    public void Dispose() => _zip.Dispose();

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture).Replace(',', ' ');

    private static InputRejectedException PartTooLarge(string name, long? size, IngestionLimits limits) =>
        new("zip-entry-too-large",
            $"Delen {ProblemList.Echo(name)} är {(size is { } s ? N(s) + " byte" : "mer än " + N(limits.MaxPartBytes) + " byte")} uppackad; högst {N(limits.MaxPartBytes)} byte godtas per del.",
            $"The part {ProblemList.Echo(name)} unpacks to {(size is { } s2 ? N(s2) + " bytes" : "more than " + N(limits.MaxPartBytes) + " bytes")}; at most {N(limits.MaxPartBytes)} bytes are accepted per part.");

    /// <summary>Counts what a part inflates to and stops at the budgets.</summary>
    private sealed class BudgetStream(Stream inner, ZipArchiveEntry entry, ZipContainer owner) : Stream
    {
        private long _read;

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

        private int Count(int n)
        {
            _read += n;
            owner._unpacked += n;
            var limits = owner._limits;
            if (_read > limits.MaxPartBytes) throw PartTooLarge(entry.FullName, null, limits);
            if (owner._unpacked > limits.MaxUnpackedBytes)
                throw new InputRejectedException("zip-too-large",
                    $"Delarna som lästs är tillsammans mer än {N(limits.MaxUnpackedBytes)} byte uppackade; filen godtas inte.",
                    $"The parts read unpack to more than {N(limits.MaxUnpackedBytes)} bytes together; the file is not accepted.");
            if (_read > limits.CompressionRatioGraceBytes && _read > (double)limits.MaxCompressionRatio * Math.Max(1, entry.CompressedLength))
                throw new InputRejectedException("zip-ratio-too-high",
                    $"Delen {ProblemList.Echo(entry.FullName)} är packad mer än {limits.MaxCompressionRatio}:1 ({N(entry.CompressedLength)} byte blir över {N(_read)}); en sådan fil (en zip-bomb) godtas inte.",
                    $"The part {ProblemList.Echo(entry.FullName)} is compressed more than {limits.MaxCompressionRatio}:1 ({N(entry.CompressedLength)} bytes unpack to over {N(_read)}); such a file (a zip bomb) is not accepted.");
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
