using System.Globalization;
using Kommuntal.Core.Text;

namespace Kommuntal.Web;

/// <summary>
/// Swedish (sv-SE) formats for pages, the same as in the decision PDFs and e-mails
/// (<see cref="SwedishFormat"/>): "1 301" with a no-break space, "8 november 2021".
/// </summary>
public static class Format
{
    /// <summary>What a page shows for a missing value: an en dash (give its meaning in a caption or note).</summary>
    public const string Missing = "–";

    /// <summary>"1 301" (no-break space as thousands separator); "−12" with a real minus sign.</summary>
    public static string Number(long value) => SwedishFormat.Number(value);

    public static string Number(long? value) => value is { } v ? SwedishFormat.Number(v) : Missing;

    /// <summary>A change: "+3", "−2", "0".</summary>
    public static string Change(long value) => SwedishFormat.Change(value);

    /// <summary>A decimal number with a comma: "0,43".</summary>
    public static string Decimal(double value, int decimals) =>
        value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), SwedishFormat.Culture);

    /// <summary>A share as per cent with a no-break space before the sign: "43 %".</summary>
    public static string Percent(double share, int decimals = 0) => Decimal(share * 100, decimals) + "\u00A0%";

    /// <summary>"8 november 2021".</summary>
    public static string Date(DateOnly date) => SwedishFormat.Date(date);

    /// <summary>The Swedish date of an instant: "8 november 2021".</summary>
    public static string Date(DateTimeOffset instant) => SwedishFormat.Date(SwedishFormat.SwedishDate(instant));

    /// <summary>The Swedish date and time of an instant: "8 november 2021 kl. 14.05".</summary>
    public static string DateTime(DateTimeOffset instant)
    {
        var local = SwedishFormat.SwedishTime(instant);
        return $"{SwedishFormat.Date(DateOnly.FromDateTime(local.DateTime))} kl. {local.ToString("HH.mm", CultureInfo.InvariantCulture)}";
    }

    /// <summary>"2021-11-08", for the <c>datetime</c> attribute of <c>&lt;time&gt;</c>.</summary>
    public static string IsoDate(DateOnly date) => SwedishFormat.IsoDate(date);

    /// <summary>An instant for the <c>datetime</c> attribute: "2021-11-08T14:05:00+01:00" (Swedish time).</summary>
    public static string IsoDateTime(DateTimeOffset instant) =>
        SwedishFormat.SwedishTime(instant).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
