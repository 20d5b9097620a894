using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;
using CsCheck;
using Kommuntal.Core.Ingestion;
using Kommuntal.Core.Validation;
using Kommuntal.Testing;

namespace Kommuntal.Core.Tests.Ingestion;

/// <summary>The three input kinds the fuzz tests mutate.</summary>
public enum FuzzKind { Quota, Indicators, Wishes }

/// <summary>What one mutation does; <see cref="FuzzMutation.Pos"/> and <see cref="FuzzMutation.Arg"/> are scaled to the content when applied.</summary>
public enum FuzzOp
{
    XorBit, SetByte, Truncate, Insert, ReplaceNumber, DeleteLine, DuplicateLine, SwapColumns, LineEndings,
    FormulaPrefix, Confusable, Empty, Rename, XlsxEntry,
}

/// <summary>One mutation, as data so CsCheck can print and shrink it.</summary>
public sealed record FuzzMutation(FuzzOp Op, int Pos, int Arg, int Sub)
{
    public override string ToString() => $"{Op}({Pos},{Arg},{Sub})";
}

/// <summary>A seed file and the mutations applied to it, in order.</summary>
public sealed record FuzzCase(FuzzKind Kind, int Seed, FuzzMutation[] Mutations)
{
    public InputFile Seedfile => FuzzInputs.Seeds(Kind)[Seed];
    public InputFile Build() => FuzzInputs.Apply(Seedfile, Mutations);
    public override string ToString() => $"{Kind} {Seedfile.Name} [{string.Join(", ", Mutations.Select(m => m.ToString()))}]";
}

/// <summary>How a fuzz case ended (anything else is a test failure).</summary>
public enum FuzzOutcome { Valid, Rejected }

/// <summary>Counts of outcomes and rejection codes over a fuzz run (thread-safe: CsCheck samples in parallel).</summary>
public sealed class FuzzStats
{
    private long _valid, _rejected;
    public ConcurrentDictionary<string, long> Codes { get; } = new(StringComparer.Ordinal);
    public long Valid => Interlocked.Read(ref _valid);
    public long Rejected => Interlocked.Read(ref _rejected);

    public void Record(FuzzOutcome outcome, IEnumerable<ValidationProblem>? problems = null)
    {
        if (outcome == FuzzOutcome.Valid) Interlocked.Increment(ref _valid);
        else Interlocked.Increment(ref _rejected);
        foreach (var code in (problems ?? []).Select(p => p.Code).Distinct()) Codes.AddOrUpdate(code, 1, (_, n) => n + 1);
    }

    public override string ToString() =>
        $"{Valid + Rejected} cases: {Valid} valid, {Rejected} rejected, 0 crashes; rejection codes (files): "
        + string.Join(", ", Codes.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value}"));
}

/// <summary>
/// Mutated input files for fuzzing the parsers: the valid quota, indicator and wish files in every
/// format (text, JSON, .xlsx) with byte flips, truncation, column swaps, huge numbers, Unicode
/// confusables, BOMs, mixed line endings, duplicated or deleted lines, formula prefixes, empty
/// files, renamed extensions and, for workbooks, mutations of the XML inside the zip.
/// KOMMUNTAL_FUZZ_CASES sets the number of cases per kind, KOMMUNTAL_FUZZ_SEED a CsCheck seed to replay.
/// </summary>
public static class FuzzInputs
{
    /// <summary>Cases per kind: KOMMUNTAL_FUZZ_CASES, else <paramref name="normal"/>.</summary>
    public static long Cases(long normal) =>
        long.TryParse(Environment.GetEnvironmentVariable("KOMMUNTAL_FUZZ_CASES"), out var n) && n > 0 ? n : normal;

    /// <summary>A CsCheck seed to replay (KOMMUNTAL_FUZZ_SEED), else null (a fresh one, printed on failure).</summary>
    public static string? Seed => Environment.GetEnvironmentVariable("KOMMUNTAL_FUZZ_SEED") is { Length: > 0 } s ? s : null;

    private static readonly ConcurrentDictionary<FuzzKind, InputFile[]> SeedCache = new();

    public static InputFile[] Seeds(FuzzKind kind) => SeedCache.GetOrAdd(kind, k => k switch
    {
        FuzzKind.Quota =>
        [
            .. IngestionSamples.Quota2022Formats,
        ],
        FuzzKind.Indicators =>
        [
            Good("indicators", "indicators-2022.csv"), Good("indicators", "population-2021.csv"),
            Good("indicators", "indicators-2022.json"), Good("indicators", "indicators-2022.xlsx"), Good("indicators", "indicators-2022.ods"),
        ],
        _ =>
        [
            Good("wishes", "wishes-2022-18.csv"), Good("wishes", "wishes-2022-18-excel-1252.csv"),
            Good("wishes", "wishes-2022-18.json"), Good("wishes", "wishes-2022-18.xlsx"), Good("wishes", "wishes-2022-18.ods"),
        ],
    });

    private static InputFile Good(string kind, string name) => Samples.File("tests", "data", kind, "good", name);

    private static bool IsZip(byte[] b) => b.Length >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4;

    private static readonly FuzzOp[] TextOps =
    [
        FuzzOp.XorBit, FuzzOp.SetByte, FuzzOp.Truncate, FuzzOp.Insert, FuzzOp.Insert, FuzzOp.ReplaceNumber, FuzzOp.ReplaceNumber,
        FuzzOp.DeleteLine, FuzzOp.DuplicateLine, FuzzOp.SwapColumns, FuzzOp.LineEndings, FuzzOp.FormulaPrefix, FuzzOp.Confusable,
        FuzzOp.Confusable, FuzzOp.Empty, FuzzOp.Rename,
    ];

    private static readonly FuzzOp[] XlsxOps =
    [
        FuzzOp.XlsxEntry, FuzzOp.XlsxEntry, FuzzOp.XlsxEntry, FuzzOp.XlsxEntry, FuzzOp.XlsxEntry, FuzzOp.XlsxEntry,
        FuzzOp.XorBit, FuzzOp.SetByte, FuzzOp.Truncate, FuzzOp.Insert, FuzzOp.Rename,
    ];

    /// <summary>Cases for one kind: a seed file (text, JSON or workbook alike) and one to four mutations.</summary>
    public static Gen<FuzzCase> Gen(FuzzKind kind)
    {
        var seeds = Seeds(kind);
        return
            from seed in CsCheck.Gen.Int[0, seeds.Length - 1]
            let ops = IsZip(seeds[seed].Content) ? XlsxOps : TextOps
            from mutations in CsCheck.Gen.Select(CsCheck.Gen.Int[0, ops.Length - 1], CsCheck.Gen.Int[0, int.MaxValue],
                    CsCheck.Gen.Int[0, int.MaxValue], CsCheck.Gen.Int[0, 1000],
                    (op, pos, arg, sub) => new FuzzMutation(ops[op], pos, arg, sub)).Array[1, 4]
            select new FuzzCase(kind, seed, mutations);
    }

    /// <summary>Byte strings inserted at random places.</summary>
    private static readonly byte[][] Inserts =
    [
        [0xEF, 0xBB, 0xBF], [0xFF, 0xFE], [0xFE, 0xFF], U("\u200B"), U("\u00A0"), [0xA0], U("\u202F"), U("\u00AD"), U("\uFEFF"),
        U("\r"), U("\r\n"), U("\n"), U("\n\n"), U("\""), U(";"), U(","), U("\t"), U("#"), U("="), U("+"), U("-"), U("@"),
        U("99999999999999999999"), U("1e308"), U("-1e308"), U("2147483648"), U("-2147483649"), U("4294967296"), U("NaN"),
        U("Infinity"), U("１２３"), U("о"), U("Ö"), [0xD6], [0x99], [0x81], [0x00], [0xFF], [0xC3], [0xE2, 0x82], [0x1A],
        U("\\ud800"), U("\\udc00\\ud800"), U("\\u0000"), U("{"), U("}"), U("["), U("]"), U(":"), U("null"), U("true"), U("{\"a\":["),
        U("[[[[[[[[[[[[[[[[[[[["), U("/*"), U("1,5"), U("1.5"), U("12.0"), U("1 795"), U("0x1F"), U("٣"), U("\u2212"),
        U("<"), U(">"), U("&amp;"), U("&#0;"), U("]]>"), U("<c r=\"A1\" t=\"s\"><v>99999</v></c>"), U("<f>1+1</f>"),
        U("<c r=\"XFD1048577\"><v>1</v></c>"), U("r=\"A0\""), U("<v>-1</v>"), U("t=\"s\""), U("t=\"inlineStr\""),
    ];

    /// <summary>Numbers put in place of a number in the file.</summary>
    private static readonly string[] Numbers =
    [
        "99999999999999999999", "1e308", "1E+400", "-1e308", "2147483647", "2147483648", "-2147483648", "-2147483649",
        "9223372036854775808", "0", "-0", "-1", "00001", "1.5", "1,5", "12.0", "1 795", "1\u00A0795", "1 79", "１２３", "٣", "\u22121",
        "NaN", "Infinity", "-Infinity", "0x10", "1e-400", "", " ", "1.7976931348623157E+309", "79228162514264337593543950336",
        "=1+1", "+1", "@1", "-1+1", "4.9406564584124654E-324", ".", "1.", ".5", "1e", "e5", "--1", "1-",
    ];

    /// <summary>Formula prefixes put before a field.</summary>
    private static readonly string[] Formulas = ["=", "+", "-", "@", "=cmd|' /C calc'!A0", "+1+", "-2+3", "@SUM(A1)", "=HYPERLINK(\"x\")", "\t=", " ="];

    /// <summary>Look-alike characters: (ASCII or Latin-1 letter, replacement).</summary>
    private static readonly (string From, string To)[] Confusables =
    [
        ("o", "о"), ("O", "О"), ("a", "а"), ("e", "е"), ("p", "р"), ("c", "с"), ("Ö", "Ӧ"), ("Ö", "O\u0308"), ("ö", "o\u0308"),
        ("ä", "a\u0308"), ("å", "a\u030A"), (" ", "\u00A0"), (" ", "\u200B"), (" ", "\u3000"), ("l", "ӏ"), ("-", "\u2011"),
        ("0", "０"), ("1", "１"), ("2", "２"), ("5", "５"), ("9", "９"), ("1", "\u0661"), ("7", "𝟕"), ("4", "4\u200B"),
        (",", "\u201A"), (";", "\u037E"), ("\"", "\u201D"),
    ];

    private static byte[] U(string s) => Encoding.UTF8.GetBytes(s);

    public static InputFile Apply(InputFile seed, IEnumerable<FuzzMutation> mutations)
    {
        var file = seed;
        foreach (var m in mutations) file = Apply(file, m);
        return file;
    }

    private static InputFile Apply(InputFile file, FuzzMutation m)
    {
        if (m.Op == FuzzOp.Rename)
        {
            string[] ext = [".csv", ".txt", ".json", ".xlsx", ".xls", "", ".CSV", ".xlsm"];
            return file with { Name = Path.GetFileNameWithoutExtension(file.Name) + ext[m.Arg % ext.Length] };
        }
        if (m.Op == FuzzOp.XlsxEntry) return file with { Content = MutateZipEntry(file.Content, m) };
        return file with { Content = Mutate(file.Content, m) };
    }

    /// <summary>Rewrites one entry of a zip (an .xlsx part) with a text mutation; raw bytes are flipped when it is no zip.</summary>
    private static byte[] MutateZipEntry(byte[] content, FuzzMutation m)
    {
        var inner = TextOps[m.Sub % TextOps.Length];
        if (inner is FuzzOp.Rename) inner = FuzzOp.Insert;
        try
        {
            using var input = new MemoryStream(content);
            using var source = new ZipArchive(input, ZipArchiveMode.Read);
            var entries = source.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.Ordinal) || e.FullName.EndsWith(".rels", StringComparison.Ordinal)).ToList();
            // Prefer the parts with the data: the sheets and the shared strings.
            var data = entries.Where(e => e.FullName.Contains("worksheets/", StringComparison.Ordinal) || e.FullName.Contains("sharedStrings", StringComparison.Ordinal)).ToList();
            var pool = m.Pos % 4 == 0 || data.Count == 0 ? entries : data;
            if (pool.Count == 0) return Mutate(content, m with { Op = FuzzOp.XorBit });
            var target = pool[m.Pos % pool.Count].FullName;
            using var output = new MemoryStream();
            using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
                foreach (var e in source.Entries)
                {
                    using var es = e.Open();
                    using var ms = new MemoryStream();
                    es.CopyTo(ms);
                    var bytes = ms.ToArray();
                    if (e.FullName == target) bytes = Mutate(bytes, m with { Op = inner, Pos = m.Arg, Arg = m.Pos });
                    var ne = zip.CreateEntry(e.FullName, CompressionLevel.Fastest);
                    using var ns = ne.Open();
                    ns.Write(bytes);
                }
            return output.ToArray();
        }
        catch (InvalidDataException)
        {
            return Mutate(content, m with { Op = FuzzOp.XorBit });
        }
    }

    private static byte[] Mutate(byte[] b, FuzzMutation m)
    {
        switch (m.Op)
        {
            case FuzzOp.Empty:
                return [];
            case FuzzOp.XorBit:
            {
                if (b.Length == 0) return b;
                var c = (byte[])b.Clone();
                c[m.Pos % c.Length] ^= (byte)(1 << (m.Arg % 8));
                return c;
            }
            case FuzzOp.SetByte:
            {
                if (b.Length == 0) return [(byte)m.Arg];
                var c = (byte[])b.Clone();
                c[m.Pos % c.Length] = (byte)m.Arg;
                return c;
            }
            case FuzzOp.Truncate:
                return b[..(m.Pos % (b.Length + 1))];
            case FuzzOp.Insert:
                return Splice(b, m.Pos % (b.Length + 1), 0, Inserts[m.Arg % Inserts.Length]);
            case FuzzOp.ReplaceNumber:
            {
                var runs = Runs(b, x => x is >= (byte)'0' and <= (byte)'9');
                if (runs.Count == 0) return Splice(b, m.Pos % (b.Length + 1), 0, U(Numbers[m.Arg % Numbers.Length]));
                var (start, length) = runs[m.Pos % runs.Count];
                return Splice(b, start, length, U(Numbers[m.Arg % Numbers.Length]));
            }
            case FuzzOp.DeleteLine or FuzzOp.DuplicateLine:
            {
                var lines = Lines(b);
                var i = m.Pos % lines.Count;
                if (m.Op == FuzzOp.DeleteLine) lines.RemoveAt(i);
                else lines.Insert(m.Arg % (lines.Count + 1), lines[i]);
                return lines.SelectMany(l => l).ToArray();
            }
            case FuzzOp.SwapColumns:
            {
                var delimiter = new[] { (byte)';', (byte)',', (byte)'\t' }.MaxBy(d => b.Count(x => x == d));
                var lines = Lines(b).Select(l =>
                {
                    var end = l.Length;
                    while (end > 0 && l[end - 1] is (byte)'\n' or (byte)'\r') end--;
                    var fields = Split(l[..end], delimiter);
                    if (fields.Count < 2) return l;
                    int i = m.Pos % fields.Count, j = m.Arg % fields.Count;
                    (fields[i], fields[j]) = (fields[j], fields[i]);
                    return Join(fields, delimiter).Concat(l[end..]).ToArray();
                });
                return lines.SelectMany(l => l).ToArray();
            }
            case FuzzOp.LineEndings:
            {
                var rnd = new Random(m.Arg);
                var style = m.Pos % 4; // \n, \r\n, \r, or mixed line by line
                var lines = Lines(b).Select(l =>
                {
                    var end = l.Length;
                    while (end > 0 && l[end - 1] is (byte)'\n' or (byte)'\r') end--;
                    if (end == l.Length) return l;
                    var s = style == 3 ? rnd.Next(3) : style;
                    return l[..end].Concat(s switch { 0 => U("\n"), 1 => U("\r\n"), _ => U("\r") }).ToArray();
                });
                return lines.SelectMany(l => l).ToArray();
            }
            case FuzzOp.FormulaPrefix:
            {
                var starts = new List<int> { 0 };
                for (var i = 0; i < b.Length; i++)
                    if (b[i] is (byte)',' or (byte)';' or (byte)'\t' or (byte)'\n' or (byte)':' or (byte)'>') starts.Add(i + 1);
                var at = starts[m.Pos % starts.Count];
                // Inside a JSON string value the prefix goes after the opening quote.
                while (at < b.Length && b[at] == (byte)' ') at++;
                if (at < b.Length && b[at] == (byte)'"' && m.Sub % 2 == 0) at++;
                return Splice(b, at, 0, U(Formulas[m.Arg % Formulas.Length]));
            }
            case FuzzOp.Confusable:
            {
                var (from, to) = Confusables[m.Arg % Confusables.Length];
                var needle = U(from);
                var hits = new List<int>();
                for (var i = 0; i + needle.Length <= b.Length; i++)
                    if (b.AsSpan(i, needle.Length).SequenceEqual(needle)) hits.Add(i);
                if (hits.Count == 0) return Splice(b, m.Pos % (b.Length + 1), 0, U(to));
                return Splice(b, hits[m.Pos % hits.Count], needle.Length, U(to));
            }
            default:
                return b;
        }
    }

    private static byte[] Splice(byte[] b, int at, int remove, byte[] insert) => [.. b[..at], .. insert, .. b[(at + remove)..]];

    private static List<(int Start, int Length)> Runs(byte[] b, Func<byte, bool> inRun)
    {
        var runs = new List<(int, int)>();
        for (var i = 0; i < b.Length;)
        {
            if (!inRun(b[i])) { i++; continue; }
            var s = i;
            while (i < b.Length && inRun(b[i])) i++;
            runs.Add((s, i - s));
        }
        return runs;
    }

    /// <summary>Lines with their endings (\n, \r\n or \r).</summary>
    private static List<byte[]> Lines(byte[] b)
    {
        var lines = new List<byte[]>();
        var s = 0;
        for (var i = 0; i < b.Length; i++)
        {
            if (b[i] == (byte)'\r' && i + 1 < b.Length && b[i + 1] == (byte)'\n') i++;
            else if (b[i] is not ((byte)'\n' or (byte)'\r')) continue;
            lines.Add(b[s..(i + 1)]);
            s = i + 1;
        }
        if (s < b.Length || lines.Count == 0) lines.Add(b[s..]);
        return lines;
    }

    private static List<byte[]> Split(byte[] line, byte delimiter)
    {
        var fields = new List<byte[]>();
        var s = 0;
        for (var i = 0; i <= line.Length; i++)
            if (i == line.Length || line[i] == delimiter) { fields.Add(line[s..i]); s = i + 1; }
        return fields;
    }

    private static byte[] Join(List<byte[]> fields, byte delimiter) =>
        fields.SelectMany((f, i) => i == 0 ? f : [delimiter, .. f]).ToArray();

    /// <summary>Codes of problems about the whole file, which have no line or field to name.</summary>
    public static readonly IReadOnlySet<string> FileLevelCodes = new HashSet<string>(StringComparer.Ordinal)
    {
        "empty-file", "invalid-xlsx", "unsupported-format", "no-rows", "file-too-large",
        // The budgets of issue 14 that concern the whole file (a part, the zip, all cells), and the last "and N more".
        "invalid-ods", "zip-too-many-entries", "zip-entry-too-large", "zip-too-large", "zip-ratio-too-high", "zip-overlapping-entries",
        "xml-dtd", "xml-too-deep", "xml-name-too-long", "too-many-cells", "text-too-large", "too-many-problems",
    };

    /// <summary>
    /// Runs one parse: a result is valid, a <see cref="ValidationFailedException"/> must name its
    /// problems (this file, a code, both messages, a line, field or cell unless about the whole file);
    /// any other exception fails with the case, its seed and the mutated bytes (base64, for a regression test).
    /// </summary>
    public static FuzzOutcome Check(FuzzCase fuzzCase, Func<InputFile, object?> parse, FuzzStats stats)
    {
        var file = fuzzCase.Build();
        try
        {
            var result = parse(file) ?? throw new InvalidOperationException("the parser returned null");
            stats.Record(FuzzOutcome.Valid);
            return FuzzOutcome.Valid;
        }
        catch (ValidationFailedException ex)
        {
            var bad = ex.Problems.Count == 0 ? "no problems listed" : ex.Problems.Select(p => Unnamed(p, file.Name)).FirstOrDefault(r => r is not null);
            if (bad is not null) throw new FuzzFailure(fuzzCase, file, $"rejected without naming the problem: {bad}", ex);
            stats.Record(FuzzOutcome.Rejected, ex.Problems);
            return FuzzOutcome.Rejected;
        }
        catch (Exception ex) when (ex is not FuzzFailure)
        {
            throw new FuzzFailure(fuzzCase, file, $"crashed with {ex.GetType().Name}: {ex.Message}", ex);
        }
    }

    private static string? Unnamed(ValidationProblem p, string fileName)
    {
        if (p.File != fileName) return $"file '{p.File}' instead of '{fileName}' in {p}";
        if (string.IsNullOrWhiteSpace(p.Code) || string.IsNullOrWhiteSpace(p.MessageEn) || string.IsNullOrWhiteSpace(p.MessageSv)) return $"no code or message in {p}";
        if (p.Line is null && p.Field is null && p.Cell is null && !FileLevelCodes.Contains(p.Code)) return $"no line, field or cell in {p}";
        if (p.Line is <= 0) return $"line {p.Line} in {p}";
        return null;
    }
}

/// <summary>A fuzz case that did not end in a result or a named validation error.</summary>
public sealed class FuzzFailure(FuzzCase fuzzCase, InputFile file, string what, Exception inner)
    : Exception($"{fuzzCase} {what}\nfile name: {file.Name}, {file.Content.Length} bytes"
                + (file.Content.Length <= 4096 ? $"\nbytes (base64): {Convert.ToBase64String(file.Content)}" : " (rebuild them with FuzzCase.Build())"), inner);
