namespace Kommuntal.Core.Ingestion;

/// <summary>What an inbox file is, from its path.</summary>
public enum InputKind
{
    Quota,
    Indicators,
    Wishes,
    /// <summary>Migrationsverket's statistics "Anvisningar enligt kommuntalen" (issue 19).</summary>
    Fulfilment,
    /// <summary>The shares for unaccompanied children (andelstal) of a year.</summary>
    Shares,
    /// <summary>A county's requests about its shares for a year.</summary>
    ShareRequests,
}

/// <summary>Where an inbox file goes: its kind, the year and county its folders name, and its file name.</summary>
public sealed record InboxRoute(InputKind Kind, int? Year, string? CountyCode, string FileName)
{
    /// <summary>The period (YYYY-MM) a fulfilment file's folder names; null for the whole year or another kind.</summary>
    public string? Period { get; init; }
}

/// <summary>
/// The inbox path convention (container "inbox"):
/// <c>quotas/{file}</c> or <c>quotas/{year}/{file}</c> (the year may also come from the file),
/// <c>indicators/{year}/{file}</c>, <c>wishes/{year}/{county}/{file}</c> (county = two-digit code),
/// <c>fulfilment/{year}/{file}</c> or <c>fulfilment/{year}/{YYYY-MM}/{file}</c> (the period may also come from the file),
/// <c>andelstal/{year}/{file}</c> (shares), <c>andelstal-requests/{year}/{county}/{file}</c>.
/// Done files live under <c>processed/</c> and <c>rejected/</c> with the same path.
/// </summary>
public static class InboxPaths
{
    public const string Processed = "processed/";
    public const string Rejected = "rejected/";
    public const string ResultSuffix = ".result.json";
    public const string ErrorsSuffix = ".errors.json";

    public const string Convention = "quotas/{fil}, quotas/{år}/{fil}, indicators/{år}/{fil}, wishes/{år}/{länskod}/{fil}, fulfilment/{år}/{fil}, fulfilment/{år}/{ÅÅÅÅ-MM}/{fil}, andelstal/{år}/{fil}, andelstal-requests/{år}/{länskod}/{fil}";
    private const string ConventionEn = "quotas/{file}, quotas/{year}/{file}, indicators/{year}/{file}, wishes/{year}/{county}/{file}, fulfilment/{year}/{file}, fulfilment/{year}/{YYYY-MM}/{file}, andelstal/{year}/{file}, andelstal-requests/{year}/{county}/{file}";

    /// <summary>True for files the inbox has finished with (under processed/ or rejected/).</summary>
    public static bool IsDone(string path) => path.StartsWith(Processed, StringComparison.Ordinal) || path.StartsWith(Rejected, StringComparison.Ordinal);

    /// <summary>The route of a path, or null with the problem that explains the convention.</summary>
    public static InboxRoute? Parse(string path, out ValidationProblem? problem)
    {
        problem = null;
        var parts = path.Split('/');
        var file = parts[^1];
        InboxRoute? route = parts switch
        {
            ["quotas", var f] when f.Length > 0 => new InboxRoute(InputKind.Quota, null, null, f),
            ["quotas", var y, var f] when Year(y) is { } year && f.Length > 0 => new InboxRoute(InputKind.Quota, year, null, f),
            ["indicators", var y, var f] when Year(y) is { } year && f.Length > 0 => new InboxRoute(InputKind.Indicators, year, null, f),
            ["wishes", var y, var c, var f] when Year(y) is { } year && c.Length == 2 && c.All(char.IsAsciiDigit) && f.Length > 0
                => new InboxRoute(InputKind.Wishes, year, c, f),
            ["fulfilment", var y, var f] when Year(y) is { } year && f.Length > 0 => new InboxRoute(InputKind.Fulfilment, year, null, f),
            ["fulfilment", var y, var p, var f] when Year(y) is { } year && Fulfilment.FulfilmentFileParser.NormalisePeriod(p) is { } period && f.Length > 0
                => new InboxRoute(InputKind.Fulfilment, year, null, f) { Period = period },
            ["andelstal", var y, var f] when Year(y) is { } year && f.Length > 0 => new InboxRoute(InputKind.Shares, year, null, f),
            ["andelstal-requests", var y, var c, var f] when Year(y) is { } year && c.Length == 2 && c.All(char.IsAsciiDigit) && f.Length > 0
                => new InboxRoute(InputKind.ShareRequests, year, c, f),
            _ => null,
        };
        if (route is null)
            problem = new ValidationProblem(file, null, null, "inbox-path",
                $"Sökvägen '{ProblemList.Echo(path)}' följer inte inkorgens mönster ({Convention}).",
                $"The path '{ProblemList.Echo(path)}' does not follow the inbox convention ({ConventionEn}).");
        return route;
    }

    private static int? Year(string s) =>
        s.Length == 4 && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var y) ? y : null;
}
