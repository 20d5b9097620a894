using System.Globalization;
using Kommuntal.Core.Allocation;
using Kommuntal.Core.Reference;
using Kommuntal.Core.Validation;
using Kommuntal.Web.Components;

namespace Kommuntal.Web.Pages.Portal;

/// <summary>One row of the wish editor as typed: municipality code, kind, number, reason (strings, kept as typed when the form comes back).</summary>
public sealed record WishRow(string Municipality, string Kind, string Number, string Reason)
{
    /// <summary>Blank rows the editor offers after the recorded wishes.</summary>
    public const int BlankRows = 2;

    public bool IsBlank => Municipality.Length == 0 && Number.Trim().Length == 0 && Reason.Trim().Length == 0;

    public static string Field(int row, string part) => $"w{row}-{part}";

    public static WishRow From(Deviation d) =>
        new(d.MunicipalityCode, DeviationKinds.Name(d.Kind), d.Number.ToString(CultureInfo.InvariantCulture), d.Reason);

    /// <summary>The rows of a submitted form (row numbers from 1, blank rows kept so messages keep their row).</summary>
    public static IReadOnlyList<WishRow> Read(Func<string, string?> form)
    {
        var rows = new List<WishRow>();
        for (var i = 1; i <= 400 && form(Field(i, "kommun")) is { } m; i++)
            rows.Add(new WishRow(m.Trim(), form(Field(i, "typ"))?.Trim() ?? "", form(Field(i, "antal")) ?? "", form(Field(i, "skal")) ?? ""));
        return rows;
    }

    /// <summary>
    /// The deviations of the non-blank rows, checked as the API checks a body (WishValidation) and
    /// for what only a form can get wrong (a number that is not a whole number); every problem in
    /// <paramref name="errors"/> with the row's field id.
    /// </summary>
    public static IReadOnlyList<Deviation> Parse(IReadOnlyList<WishRow> rows, County county, ReferenceData reference, FormErrors errors)
    {
        var deviations = new List<Deviation>();
        var rowOf = new List<int>();
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            if (r.IsBlank) continue;
            var row = i + 1;
            var kind = DeviationKinds.Parse(r.Kind);
            if (r.Municipality.Length == 0) errors.Add(Field(row, "kommun"), $"Önskemål {row}: välj en kommun.");
            if (kind is null) errors.Add(Field(row, "typ"), $"Önskemål {row}: välj vilken sorts avvikelse det är.");
            var digits = r.Number.Replace(" ", "", StringComparison.Ordinal).Replace("\u00A0", "", StringComparison.Ordinal).Trim();
            if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                errors.Add(Field(row, "antal"), $"Önskemål {row}: skriv antalet platser som ett heltal, till exempel 12.");
            if (r.Municipality.Length == 0 || kind is null || errors.For(Field(row, "antal")) is not null) continue;
            deviations.Add(new Deviation(r.Municipality, kind.Value, number, r.Reason.Trim()));
            rowOf.Add(row);
        }
        try
        {
            Core.Lifecycle.WishValidation.Validate(deviations, county, reference, "form");
        }
        catch (ValidationFailedException ex)
        {
            foreach (var p in ex.Problems)
            {
                var row = p.Line is { } line && line >= 1 && line <= rowOf.Count ? rowOf[line - 1] : 1;
                var part = p.Field switch { "municipalityCode" => "kommun", "kind" => "typ", "number" => "antal", _ => "skal" };
                var message = p.Code == "missing-reason" ? "skriv varför kommunen ska avvika från modellen." : p.MessageSv;
                errors.Add(Field(row, part), $"Önskemål {row}: {message}");
            }
        }
        return deviations;
    }
}
