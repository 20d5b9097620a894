using Kommuntal.Core.Allocation;

namespace Kommuntal.Core.Lifecycle;

/// <summary>Checks wishes given directly (API body) the way a wish file's rows are checked.</summary>
public static class WishValidation
{
    /// <summary>Throws <see cref="ValidationFailedException"/> listing every problem; "line" is the 1-based position in the list.</summary>
    public static void Validate(IReadOnlyList<Deviation> wishes, County county, ReferenceData reference, string source)
    {
        var problems = new ProblemList(source);
        var seen = new Dictionary<(string, DeviationKind), int>();
        for (var i = 0; i < wishes.Count; i++)
        {
            var w = wishes[i];
            var line = i + 1;
            var m = reference.FindMunicipality(w.MunicipalityCode ?? "");
            var shown = w.MunicipalityCode is { Length: > 12 } long_ ? long_[..12] + "…" : w.MunicipalityCode;
            if (m is null)
                problems.Add(line, "municipalityCode", "unknown-municipality", $"Okänd kommunkod '{shown}'.", $"Unknown municipality code '{shown}'.");
            else if (m.CountyCode != county.Code)
                problems.Add(line, "municipalityCode", "municipality-outside-county", $"{m.Name} ({m.Code}) ligger inte i {county.Name}.", $"{m.Name} ({m.Code}) is not in {county.Name}.");
            if (!Enum.IsDefined(w.Kind))
                problems.Add(line, "kind", "unknown-kind", "Okänd typ (agreement, volunteer eller housing).", "Unknown kind (agreement, volunteer or housing).");
            if (w.Number < 0)
                problems.Add(line, "number", "negative-number", $"{w.Number} är negativt.", $"{w.Number} is negative.");
            if (string.IsNullOrWhiteSpace(w.Reason))
                problems.Add(line, "reason", "missing-reason", "Skäl måste anges för varje avvikelse.", "Every deviation needs a reason.");
            else
                FreeText.Check(problems, w.Reason, "reason", TextLimits.Reason, multiline: true, line: line);
            if (m is not null && seen.TryGetValue((m.Code, w.Kind), out var first))
                problems.Add(line, "municipalityCode", "duplicate-deviation", $"{m.Name} har redan en avvikelse av samma typ (nr {first}).", $"{m.Name} already has a deviation of this kind (no. {first}).");
            else if (m is not null) seen[(m.Code, w.Kind)] = line;
        }
        problems.ThrowIfAny();
    }
}
