using System.Text.RegularExpressions;

namespace Kommuntal.Core.Ingestion;

/// <summary>Cell values shared by every input format: counts, measures, text.</summary>
public static partial class Cells
{
    private static readonly char[] Spaces = [' ', '\u00A0', '\u202F'];

    [GeneratedRegex(@"^-?\d{1,3}([ \u00A0\u202F]\d{3})+$")]
    private static partial Regex GroupedThousands();

    /// <summary>
    /// A non-negative integer; spaces, no-break spaces and narrow no-break spaces are accepted as
    /// thousands separators ("1 795"), nowhere else ("1 79" is not a number).
    /// </summary>
    public static int? ParseCount(string text, int line, string field, ProblemList problems, string? cell = null)
    {
        var t = text.Trim().Trim(Spaces);
        if (t.Length == 0)
        {
            problems.Add(line, field, "missing-value", "Värde saknas.", "The value is missing.", cell);
            return null;
        }
        if (t[0] is '=' or '+' or '@' || (t[0] == '-' && t.Length > 1 && !char.IsAsciiDigit(t[1])))
        {
            problems.Add(line, field, "formula-cell", $"'{ProblemList.Echo(t)}' ser ut som en formel och godtas inte.", $"'{ProblemList.Echo(t)}' looks like a formula and is not accepted.", cell);
            return null;
        }
        if (t.IndexOfAny(Spaces) >= 0 && !GroupedThousands().IsMatch(t))
        {
            problems.Add(line, field, "not-a-number", $"'{ProblemList.Echo(t)}' är inte ett tal (mellanslag får bara skilja tusental).",
                $"'{ProblemList.Echo(t)}' is not a number (spaces may only separate thousands).", cell);
            return null;
        }
        var compact = t.Replace(" ", "").Replace("\u00A0", "").Replace("\u202F", "");
        if (compact.StartsWith('-') && decimal.TryParse(compact.Replace(',', '.'), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var neg) && neg < 0)
        {
            problems.Add(line, field, "negative-number", $"'{ProblemList.Echo(t)}' är negativt.", $"'{ProblemList.Echo(t)}' is negative.", cell);
            return null;
        }
        if (!int.TryParse(compact, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            if (compact.Length > 0 && compact.All(char.IsAsciiDigit))
            {
                problems.Add(line, field, "number-out-of-range", $"'{ProblemList.Echo(t)}' är för stort.", $"'{ProblemList.Echo(t)}' is too large.", cell);
                return null;
            }
            // "12.0" from a spreadsheet is the integer 12; "12.5" and "12,5" are not integers.
            if (decimal.TryParse(compact, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var d)
                && d == decimal.Truncate(d) && d <= int.MaxValue && compact.Contains('.'))
                return (int)d;
            var isDecimal = decimal.TryParse(compact.Replace(',', '.'), NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out _);
            problems.Add(line, field, isDecimal ? "not-an-integer" : "not-a-number",
                isDecimal ? $"'{ProblemList.Echo(t)}' är inte ett heltal." : $"'{ProblemList.Echo(t)}' är inte ett tal.",
                isDecimal ? $"'{ProblemList.Echo(t)}' is not an integer." : $"'{ProblemList.Echo(t)}' is not a number.", cell);
            return null;
        }
        return value;
    }

    /// <summary>A non-negative decimal measure (',' or '.' as decimal mark); null when empty and <paramref name="optional"/>.</summary>
    public static double? ParseMeasure(string? text, int line, string field, ProblemList problems, bool optional = true, string? cell = null)
    {
        var t = (text ?? "").Trim().Trim(Spaces);
        if (t.Length == 0)
        {
            if (!optional) problems.Add(line, field, "missing-value", "Värde saknas.", "The value is missing.", cell);
            return null;
        }
        if (IsFormulaLike(t))
        {
            problems.Add(line, field, "formula-cell", $"'{ProblemList.Echo(t)}' ser ut som en formel och godtas inte.", $"'{ProblemList.Echo(t)}' looks like a formula and is not accepted.", cell);
            return null;
        }
        if (t.IndexOfAny(Spaces) >= 0 && !GroupedThousands().IsMatch(t.Split(',', '.')[0]))
        {
            problems.Add(line, field, "not-a-number", $"'{ProblemList.Echo(t)}' är inte ett tal (mellanslag får bara skilja tusental).",
                $"'{ProblemList.Echo(t)}' is not a number (spaces may only separate thousands).", cell);
            return null;
        }
        var compact = t.Replace(" ", "").Replace("\u00A0", "").Replace("\u202F", "").Replace(',', '.');
        if (!double.TryParse(compact, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value)
            || double.IsNaN(value) || double.IsInfinity(value))
        {
            problems.Add(line, field, "not-a-number", $"'{ProblemList.Echo(t)}' är inte ett tal.", $"'{ProblemList.Echo(t)}' is not a number.", cell);
            return null;
        }
        if (value < 0)
        {
            problems.Add(line, field, "negative-number", $"'{ProblemList.Echo(t)}' är negativt.", $"'{ProblemList.Echo(t)}' is negative.", cell);
            return null;
        }
        return value;
    }

    /// <summary>Text that a spreadsheet would treat as a formula ('=', '+', '-', '@' first), unless it is a plain number.</summary>
    public static bool IsFormulaLike(string t) =>
        t.Length > 0 && (t[0] is '=' or '@' || (t[0] is '+' or '-' && !double.TryParse(t.Replace(',', '.').Replace(" ", "").Replace("\u00A0", ""),
            NumberStyles.Float, CultureInfo.InvariantCulture, out _)));

    /// <summary>A count in a row's column (located by line or cell); null when missing (and reported unless <paramref name="optional"/>) or already rejected.</summary>
    public static int? Count(TabularRow row, string field, ProblemList problems, bool optional = false)
    {
        if (row.Rejected.Contains(field)) return null;
        var text = row.Get(field) ?? "";
        if (optional && text.Trim().Trim(Spaces).Length == 0) return null;
        return ParseCount(text, row.LineOf(field), field, problems, row.CellRef(field));
    }

    /// <summary>An optional measure in a row's column; null when empty or already rejected.</summary>
    public static double? Measure(TabularRow row, string field, ProblemList problems) =>
        row.Rejected.Contains(field) ? null : ParseMeasure(row.Get(field), row.LineOf(field), field, problems, cell: row.CellRef(field));

    /// <summary>A text value, trimmed (no-break spaces as spaces); empty when missing or rejected.</summary>
    public static string Text(TabularRow row, string field) =>
        row.Rejected.Contains(field) ? "" : (row.Get(field) ?? "").Replace('\u00A0', ' ').Replace('\u202F', ' ').Trim();
}
