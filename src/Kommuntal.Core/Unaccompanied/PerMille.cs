using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kommuntal.Core.Unaccompanied;

/// <summary>
/// A per-mille share (andelstal) with at most three decimals, held exactly as an integer number of
/// thousandths of a per mille (1 ‰ = 1 000 units), so sums and transfers never lose a unit.
/// In JSON a decimal number of per mille, e.g. <c>3.45</c>.
/// </summary>
[JsonConverter(typeof(PerMilleJsonConverter))]
public readonly record struct PerMille(long Thousandths) : IComparable<PerMille>
{
    public const int Decimals = 3;
    public static PerMille Zero => default;

    /// <summary>The value in per mille, e.g. 3.45m.</summary>
    public decimal Value => Thousandths / 1000m;

    /// <summary>From a per-mille value with at most three decimals; more decimals are an error, not rounded.</summary>
    public static PerMille FromDecimal(decimal perMille)
    {
        var scaled = perMille * 1000m;
        if (scaled != decimal.Truncate(scaled))
            throw new ArgumentException($"{perMille.ToString(CultureInfo.InvariantCulture)} ‰ has more than {Decimals} decimals.", nameof(perMille));
        if (Math.Abs(scaled) > long.MaxValue / 2)
            throw new ArgumentOutOfRangeException(nameof(perMille), perMille, "Out of range.");
        return new PerMille((long)scaled);
    }

    /// <summary>Parses "3,45", "3.450", "3,45 ‰" (comma or point; at most three decimals).</summary>
    public static bool TryParse(string? text, out PerMille value)
    {
        value = default;
        var t = (text ?? "").Trim().TrimEnd('‰').Trim().Replace(" ", "").Replace("\u00A0", "").Replace(',', '.');
        if (t.Length == 0 || !decimal.TryParse(t, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var d))
            return false;
        var scaled = d * 1000m;
        if (scaled != decimal.Truncate(scaled) || Math.Abs(scaled) > long.MaxValue / 2) return false;
        value = new PerMille((long)scaled);
        return true;
    }

    public static PerMille operator +(PerMille a, PerMille b) => new(checked(a.Thousandths + b.Thousandths));
    public static PerMille operator -(PerMille a, PerMille b) => new(checked(a.Thousandths - b.Thousandths));
    public static bool operator <(PerMille a, PerMille b) => a.Thousandths < b.Thousandths;
    public static bool operator >(PerMille a, PerMille b) => a.Thousandths > b.Thousandths;
    public static bool operator <=(PerMille a, PerMille b) => a.Thousandths <= b.Thousandths;
    public static bool operator >=(PerMille a, PerMille b) => a.Thousandths >= b.Thousandths;
    public int CompareTo(PerMille other) => Thousandths.CompareTo(other.Thousandths);

    /// <summary>Swedish form with three decimals: "3,450 ‰".</summary>
    public override string ToString() => Value.ToString("0.000", Text.SwedishFormat.Culture) + "\u00A0‰";

    /// <summary>Invariant form for files and JSON: "3.45".</summary>
    public string ToInvariantString() => Value.ToString("0.###", CultureInfo.InvariantCulture);
}

/// <summary>Writes a <see cref="PerMille"/> as a JSON number of per mille; reads numbers (or strings) with at most three decimals.</summary>
public sealed class PerMilleJsonConverter : JsonConverter<PerMille>
{
    public override PerMille Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out var d))
        {
            var scaled = d * 1000m;
            if (scaled == decimal.Truncate(scaled)) return new PerMille((long)scaled);
        }
        else if (reader.TokenType == JsonTokenType.String && PerMille.TryParse(reader.GetString(), out var parsed))
            return parsed;
        throw new JsonException("A per-mille share must be a number with at most three decimals.");
    }

    public override void Write(Utf8JsonWriter writer, PerMille value, JsonSerializerOptions options) => writer.WriteRawValue(value.ToInvariantString());
}
