namespace Kommuntal.Core.Validation;

/// <summary>
/// Collects problems for one file; parsers add to it and throw once at the end. At most
/// <see cref="MaxProblems"/> are kept; the rest are counted and reported as one last problem
/// "och N till / and N more", so a file with a million bad rows yields a bounded answer.
/// </summary>
public sealed class ProblemList(string file, int maxProblems = ProblemList.DefaultMaxProblems)
{
    /// <summary>Problems kept per file (setting Kommuntal:Ingestion:Limits:MaxProblems).</summary>
    public const int DefaultMaxProblems = 200;

    /// <summary>Characters of a file's value echoed in a message; longer values end in "…".</summary>
    public const int EchoLength = 60;

    /// <summary>Longest message or field name kept (a backstop: every echoed value is already shortened).</summary>
    private const int MaxMessageLength = 1_000;

    private readonly List<ValidationProblem> _problems = [];
    private int _more;

    public string File { get; } = file;
    public int MaxProblems { get; } = Math.Max(1, maxProblems);

    /// <summary>The problems kept (at most <see cref="MaxProblems"/>).</summary>
    public IReadOnlyList<ValidationProblem> Problems => _problems;

    /// <summary>Every problem found, the ones not kept included.</summary>
    public int Count => _problems.Count + _more;

    public bool Any => Count > 0;

    /// <summary>True once <see cref="MaxProblems"/> are kept: further problems are only counted, so costly details (suggestions) can be skipped.</summary>
    public bool Full => _problems.Count >= MaxProblems;

    public void Add(int? line, string? field, string code, string sv, string en, string? cell = null) =>
        Add(new ValidationProblem(File, line, field, code, sv, en, cell));

    public void Add(ValidationProblem problem)
    {
        if (Full)
        {
            _more++;
            return;
        }
        _problems.Add(problem with
        {
            Field = problem.Field is null ? null : Echo(problem.Field),
            MessageSv = Cap(problem.MessageSv),
            MessageEn = Cap(problem.MessageEn),
            Cell = problem.Cell is null ? null : Echo(problem.Cell),
        });
    }

    /// <summary>Every problem kept, and "och N till / and N more" when some were only counted.</summary>
    public IReadOnlyList<ValidationProblem> ToList()
    {
        var list = _problems.ToList();
        if (_more > 0)
            list.Add(new ValidationProblem(File, null, null, "too-many-problems",
                $"… och {_more} problem till (de första {_problems.Count} visas). Rätta dem och läs in filen igen.",
                $"… and {_more} more problems (the first {_problems.Count} are shown). Correct them and upload the file again."));
        return list;
    }

    public void ThrowIfAny()
    {
        if (Any) throw new ValidationFailedException(ToList());
    }

    /// <summary>
    /// A value from a file as it may appear in a message: at most <see cref="EchoLength"/> characters
    /// (then "…"), control characters shown as \n, \r or \uXXXX.
    /// </summary>
    public static string Echo(string? text)
    {
        var t = text ?? "";
        var cut = t.Length;
        if (t.Length > EchoLength)
        {
            cut = EchoLength - 1;
            if (char.IsHighSurrogate(t[cut - 1])) cut--;
        }
        var sb = new StringBuilder(cut + 8);
        for (var i = 0; i < cut; i++)
        {
            var c = t[i];
            if (c == '\n') sb.Append("\\n");
            else if (c == '\r') sb.Append("\\r");
            else if (char.IsControl(c)) sb.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            else sb.Append(c);
        }
        if (cut < t.Length) sb.Append('…');
        return sb.ToString();
    }

    private static string Cap(string message) =>
        message.Length <= MaxMessageLength ? message : message[..(MaxMessageLength - 1)] + "…";
}
