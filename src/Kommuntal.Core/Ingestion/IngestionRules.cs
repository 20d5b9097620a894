namespace Kommuntal.Core.Ingestion;

/// <summary>A year a file states (a title, a JSON field, a column), with where it stands.</summary>
public sealed record YearStatement(string Text, int Line, string Field, string? Cell = null);

/// <summary>Rules every input kind shares: the size limit and the year.</summary>
public static class IngestionRules
{
    /// <summary>Default upload limit (setting Kommuntal:Ingestion:MaxFileBytes).</summary>
    public const long DefaultMaxFileBytes = 1024 * 1024;

    /// <summary>The first year of the Settlement Act (lag 2016:38, in force 1 March 2016).</summary>
    public const int MinYear = 2016;
    public const int MaxYear = 2100;

    /// <summary>The problem for a file over the limit; the file is refused before it is read.</summary>
    public static ValidationProblem TooLarge(string fileName, long? size, long maxBytes) =>
        new(fileName, null, null, "file-too-large",
            (size is { } s ? $"Filen är {s} byte, större än gränsen {maxBytes} byte," : $"Filen är större än gränsen {maxBytes} byte")
                + " och lästes inte.",
            (size is { } s2 ? $"The file is {s2} bytes, larger than the limit of {maxBytes} bytes," : $"The file is larger than the limit of {maxBytes} bytes")
                + " and was not read.");

    /// <summary>Throws when the file is over the limit.</summary>
    public static void EnsureSize(InputFile file, long maxBytes)
    {
        if (file.Content.LongLength > maxBytes) throw new ValidationFailedException([TooLarge(file.Name, file.Content.LongLength, maxBytes)]);
    }

    /// <summary>
    /// The year of a file: what it states, else what the caller gives (route or --year). A file
    /// that states another year than the caller, or two different years, is a conflict; a year
    /// outside <see cref="MinYear"/>–<see cref="MaxYear"/> is refused. Null when nobody states one
    /// (the caller reports that).
    /// </summary>
    public static int? ResolveYear(int? given, IEnumerable<YearStatement> stated, ProblemList problems)
    {
        int? fileYear = null;
        YearStatement? first = null;
        var reported = new HashSet<int>();
        var outOfRange = false;
        foreach (var s in stated)
        {
            var text = s.Text.Trim();
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var y))
            {
                problems.Add(s.Line, s.Field, "not-an-integer", $"Året '{ProblemList.Echo(text)}' är inte ett heltal.", $"The year '{ProblemList.Echo(text)}' is not an integer.", s.Cell);
                continue;
            }
            if (y is < MinYear or > MaxYear)
            {
                if (!outOfRange)
                    problems.Add(s.Line, s.Field, "year-out-of-range", $"Året {y} ligger utanför {MinYear}–{MaxYear}.", $"The year {y} is outside {MinYear}-{MaxYear}.", s.Cell);
                outOfRange = true;
                continue;
            }
            if (given is { } g && g != y)
            {
                if (reported.Add(y))
                    problems.Add(s.Line, s.Field, "year-conflict",
                        $"Filen anger året {y} men {g} begärdes (i adressen eller med --year).",
                        $"The file states the year {y} but {g} was requested (in the route or with --year).", s.Cell);
                continue;
            }
            if (fileYear is { } f && f != y)
            {
                if (reported.Add(y))
                    problems.Add(s.Line, s.Field, "year-conflict",
                        $"Filen anger både året {f} (rad {first!.Line}) och {y}.", $"The file states both the year {f} (line {first!.Line}) and {y}.", s.Cell);
                continue;
            }
            fileYear ??= y;
            first ??= s;
        }
        var year = given ?? fileYear;
        if (given is { } gy && gy is < MinYear or > MaxYear && !outOfRange)
            problems.Add(null, "year", "year-out-of-range", $"Året {gy} ligger utanför {MinYear}–{MaxYear}.", $"The year {gy} is outside {MinYear}-{MaxYear}.");
        return year;
    }

    /// <summary>The problem when neither the file nor the caller gives the year.</summary>
    public static ValidationProblem YearMissing(string fileName) =>
        new(fileName, null, "year", "year-missing",
            "Året framgår inte av filen; ange det (--year eller i adressen).", "The file does not state the year; give it (--year or in the route).");
}
