namespace Kommuntal.Core.Text;

/// <summary>Swedish number and date formats for documents, e-mails and the public page.</summary>
public static class SwedishFormat
{
    public static readonly CultureInfo Culture = CreateCulture();

    private static CultureInfo CreateCulture()
    {
        var c = (CultureInfo)CultureInfo.GetCultureInfo("sv-SE").Clone();
        // Thousands separator is a no-break space (U+00A0), so "1 301" never splits across lines.
        c.NumberFormat.NumberGroupSeparator = "\u00A0";
        c.NumberFormat.NegativeSign = "−";
        return CultureInfo.ReadOnly(c);
    }

    /// <summary>"1 301" with a no-break space.</summary>
    public static string Number(long value) => value.ToString("#,0", Culture);

    /// <summary>A signed change: "+3", "−2", "0".</summary>
    public static string Change(long value) => value > 0 ? "+" + Number(value) : Number(value);

    /// <summary>The text with its first letter in upper case (Swedish rules), as a sentence or a label begins.</summary>
    public static string Capitalise(string s) => s.Length == 0 ? s : char.ToUpper(s[0], Culture) + s[1..];

    /// <summary>"8 november 2021".</summary>
    public static string Date(DateOnly date) => date.ToString("d MMMM yyyy", Culture);

    /// <summary>"2021-11-08".</summary>
    public static string IsoDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The Swedish local date of an instant (Europe/Stockholm).</summary>
    public static DateOnly SwedishDate(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Stockholm).DateTime);

    public static DateTimeOffset SwedishTime(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Stockholm);

    public static readonly TimeZoneInfo Stockholm = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");
}
