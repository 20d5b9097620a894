using System.Globalization;
using Kommuntal.Core.Validation;

namespace Kommuntal.Core.Ingestion;

/// <summary>Cell values shared by every input format: counts, measures, text.</summary>
public static class Cells
{
    /// <summary>A non-negative integer; spaces and no-break spaces as thousands separators are accepted.</summary>
    public static int? ParseCount(string text, int line, string field, ProblemList problems)
    {
        var t = text.Trim();
        if (t.Length == 0)
        {
            problems.Add(line, field, "missing-value", "Värde saknas.", "The value is missing.");
            return null;
        }
        if (t[0] is '=' or '+' or '@' || (t[0] == '-' && t.Length > 1 && !char.IsAsciiDigit(t[1])))
        {
            problems.Add(line, field, "formula-cell", $"'{t}' ser ut som en formel och godtas inte.", $"'{t}' looks like a formula and is not accepted.");
            return null;
        }
        var compact = t.Replace(" ", "").Replace("\u00A0", "").Replace("\u202F", "");
        if (compact.StartsWith('-') && long.TryParse(compact, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            problems.Add(line, field, "negative-number", $"'{t}' är negativt.", $"'{t}' is negative.");
            return null;
        }
        if (!int.TryParse(compact, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            var isDecimal = decimal.TryParse(compact.Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _);
            problems.Add(line, field, isDecimal ? "not-an-integer" : "not-a-number",
                isDecimal ? $"'{t}' är inte ett heltal." : $"'{t}' är inte ett tal.",
                isDecimal ? $"'{t}' is not an integer." : $"'{t}' is not a number.");
            return null;
        }
        return value;
    }

    /// <summary>A non-negative decimal measure (',' or '.' as decimal mark); null when empty and <paramref name="optional"/>.</summary>
    public static double? ParseMeasure(string? text, int line, string field, ProblemList problems, bool optional = true)
    {
        var t = (text ?? "").Trim();
        if (t.Length == 0)
        {
            if (!optional) problems.Add(line, field, "missing-value", "Värde saknas.", "The value is missing.");
            return null;
        }
        if (IsFormulaLike(t))
        {
            problems.Add(line, field, "formula-cell", $"'{t}' ser ut som en formel och godtas inte.", $"'{t}' looks like a formula and is not accepted.");
            return null;
        }
        var compact = t.Replace(" ", "").Replace("\u00A0", "").Replace("\u202F", "").Replace(',', '.');
        if (!double.TryParse(compact, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            || double.IsNaN(value) || double.IsInfinity(value))
        {
            problems.Add(line, field, "not-a-number", $"'{t}' är inte ett tal.", $"'{t}' is not a number.");
            return null;
        }
        if (value < 0)
        {
            problems.Add(line, field, "negative-number", $"'{t}' är negativt.", $"'{t}' is negative.");
            return null;
        }
        return value;
    }

    /// <summary>Text that a spreadsheet would treat as a formula ('=', '+', '-', '@' first), unless it is a plain number.</summary>
    public static bool IsFormulaLike(string t) =>
        t.Length > 0 && (t[0] is '=' or '@' || (t[0] is '+' or '-' && !double.TryParse(t.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out _)));
}
