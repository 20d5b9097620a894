using System.Text.Json;
using Kommuntal.Core.Ingestion;

namespace Kommuntal.Core.Allocation;

/// <summary>
/// Reads and writes a parameter file (README, "File formats"):
/// <code>
/// {
///   "version": "orebro-2023.1",
///   "weights": { "labour": 0.43, "population": 0.37, "reception": 0.20 },
///   "compensatingReception": true,
///   "netSelfSettled": true,
///   "floorAtZero": true,
///   "method": "largest-remainder"
/// }
/// </code>
/// <c>version</c> is required; every other key is optional and defaults to
/// <see cref="ModelParameters.Default"/>. A factor left out of <c>weights</c> weighs 0. The weights
/// must be numbers ≥ 0 summing to 1; unknown keys, unknown factors, duplicate keys and values of
/// the wrong type are errors. Every problem is reported at once, in Swedish and English.
/// </summary>
public static class ModelParametersJson
{
    /// <summary>How far the weights may sum from 1 (rounding in hand-written decimals such as 1/3).</summary>
    public const double SumTolerance = 1e-9;

    private static readonly string[] Keys = ["version", "weights", "compensatingReception", "netSelfSettled", "floorAtZero", "method"];

    /// <summary>Parses within <paramref name="limits"/> (default <see cref="IngestionLimits.Default"/>: nesting, tokens, problems reported; values echoed shortened).</summary>
    public static ModelParameters Parse(InputFile file, IngestionLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        limits ??= IngestionLimits.Default;
        var problems = new ProblemList(file.Name, limits.MaxProblems);
        var text = Encoding.UTF8.GetString(file.Content).TrimStart('\uFEFF');
        if (text.Trim().Length == 0)
        {
            problems.Add(null, null, "empty-file", "Filen är tom.", "The file is empty.");
            problems.ThrowIfAny();
        }
        var bytes = Encoding.UTF8.GetBytes(text);
        if (!JsonBudget.Check(bytes, limits, problems, JsonBudget.Lines(bytes))) problems.ThrowIfAny();
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = limits.MaxJsonDepth + 2 });
        }
        catch (JsonException ex)
        {
            var line = ex.LineNumber is { } l ? (int)l + 1 : (int?)null;
            var detail = ex.Message.Split(" LineNumber:")[0].Split(" Path:")[0];
            problems.Add(line, null, "invalid-json", $"Filen är inte giltig JSON ({detail}).", $"The file is not valid JSON ({detail}).");
            problems.ThrowIfAny();
            throw; // unreachable
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problems.Add(null, null, "not-an-object", "Parameterfilen måste vara ett JSON-objekt.", "The parameter file must be a JSON object.");
                problems.ThrowIfAny();
            }
            var p = ModelParameters.Default;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var hasVersion = false;
            foreach (var prop in root.EnumerateObject())
            {
                if (!seen.Add(prop.Name))
                {
                    problems.Add(null, prop.Name, "duplicate-key", $"Nyckeln '{Echo(prop.Name)}' förekommer flera gånger.", $"The key '{Echo(prop.Name)}' appears more than once.");
                    continue;
                }
                switch (prop.Name)
                {
                    case "version":
                        if (prop.Value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(prop.Value.GetString()))
                            problems.Add(null, "version", "missing-version", "'version' måste vara en icke-tom text.", "'version' must be a non-empty string.");
                        else if (FreeText.Check(problems, prop.Value.GetString()!, "version", TextLimits.ModelVersion))
                        {
                            p = p with { Version = prop.Value.GetString()!.Trim() };
                            hasVersion = true;
                        }
                        break;
                    case "weights":
                        p = ReadWeights(prop.Value, p, problems);
                        break;
                    case "compensatingReception":
                        if (Bool(prop, problems) is { } comp) p = p with { CompensatingReception = comp };
                        break;
                    case "netSelfSettled":
                        if (Bool(prop, problems) is { } net) p = p with { NetSelfSettled = net };
                        break;
                    case "floorAtZero":
                        if (Bool(prop, problems) is { } floor) p = p with { FloorAtZero = floor };
                        break;
                    case "method":
                        var method = prop.Value.ValueKind == JsonValueKind.String ? ApportionmentMethods.Parse(prop.Value.GetString()) : null;
                        if (method is null)
                            problems.Add(null, "method", "unknown-method",
                                $"Okänd avrundningsmetod {Echo(prop.Value.GetRawText())} (tillåtna: {string.Join(", ", ApportionmentMethods.Names)}).",
                                $"Unknown rounding method {Echo(prop.Value.GetRawText())} (allowed: {string.Join(", ", ApportionmentMethods.Names)}).");
                        else p = p with { Method = method.Value };
                        break;
                    default:
                        problems.Add(null, prop.Name, "unknown-key",
                            $"Okänd nyckel '{Echo(prop.Name)}' (tillåtna: {string.Join(", ", Keys)}).",
                            $"Unknown key '{Echo(prop.Name)}' (allowed: {string.Join(", ", Keys)}).");
                        break;
                }
            }
            if (!hasVersion && !problems.Problems.Any(x => x.Field == "version") && !problems.Full)
                problems.Add(null, "version", "missing-version",
                    "'version' saknas: varje parameteruppsättning måste ha ett versionsnamn som sparas med resultatet.",
                    "'version' is missing: every parameter set needs a version name, stored with each result.");
            problems.ThrowIfAny();
            return p;
        }
    }

    private static ModelParameters ReadWeights(JsonElement weights, ModelParameters p, ProblemList problems)
    {
        if (weights.ValueKind != JsonValueKind.Object)
        {
            problems.Add(null, "weights", "not-an-object", "'weights' måste vara ett objekt, t.ex. {\"labour\": 0.43, ...}.", "'weights' must be an object, e.g. {\"labour\": 0.43, ...}.");
            return p;
        }
        var given = new Dictionary<Factor, double>();
        var ok = true;
        foreach (var w in weights.EnumerateObject())
        {
            var field = "weights." + Echo(w.Name);
            var factor = FactorNames.Parse(w.Name);
            if (factor is null)
            {
                problems.Add(null, field, "unknown-factor",
                    $"Okänd faktor '{Echo(w.Name)}' (tillåtna: labour, population, reception).",
                    $"Unknown factor '{Echo(w.Name)}' (allowed: labour, population, reception).");
                ok = false;
                continue;
            }
            if (given.ContainsKey(factor.Value))
            {
                problems.Add(null, field, "duplicate-key", $"Faktorn {FactorNames.Name(factor.Value)} förekommer flera gånger.", $"The factor {FactorNames.Name(factor.Value)} appears more than once.");
                ok = false;
                continue;
            }
            if (w.Value.ValueKind != JsonValueKind.Number || !w.Value.TryGetDouble(out var value) || !double.IsFinite(value))
            {
                problems.Add(null, field, "not-a-number", $"Vikten {Echo(w.Value.GetRawText())} är inte ett tal.", $"The weight {Echo(w.Value.GetRawText())} is not a number.");
                ok = false;
                continue;
            }
            if (value < 0)
            {
                problems.Add(null, field, "negative-weight", $"Vikten {Echo(w.Value.GetRawText())} är negativ.", $"The weight {Echo(w.Value.GetRawText())} is negative.");
                ok = false;
                continue;
            }
            given[factor.Value] = value;
        }
        if (!ok) return p;
        var sum = 0.0;
        foreach (var f in Enum.GetValues<Factor>()) sum += given.GetValueOrDefault(f);
        if (Math.Abs(sum - 1) > SumTolerance)
        {
            var list = string.Join(" + ", Enum.GetValues<Factor>().Where(given.ContainsKey)
                .Select(f => $"{FactorNames.Name(f)} {given[f].ToString("R", CultureInfo.InvariantCulture)}"));
            problems.Add(null, "weights", "weights-do-not-sum-to-one",
                $"Vikterna summerar till {sum.ToString("R", CultureInfo.InvariantCulture)} ({list}), inte 1.",
                $"The weights sum to {sum.ToString("R", CultureInfo.InvariantCulture)} ({list}), not 1.");
            return p;
        }
        return p with
        {
            LabourWeight = given.GetValueOrDefault(Factor.Labour),
            PopulationWeight = given.GetValueOrDefault(Factor.Population),
            ReceptionWeight = given.GetValueOrDefault(Factor.Reception),
        };
    }

    private static bool? Bool(JsonProperty prop, ProblemList problems)
    {
        if (prop.Value.ValueKind is JsonValueKind.True or JsonValueKind.False) return prop.Value.GetBoolean();
        problems.Add(null, prop.Name, "not-a-boolean", $"'{prop.Name}' måste vara true eller false, inte {Echo(prop.Value.GetRawText())}.",
            $"'{prop.Name}' must be true or false, not {Echo(prop.Value.GetRawText())}.");
        return null;
    }

    private static string Echo(string s) => ProblemList.Echo(s);

    /// <summary>Writes a parameter set in the file format (indented, keys in the documented order).</summary>
    public static string Write(ModelParameters p)
    {
        ArgumentNullException.ThrowIfNull(p);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("version", p.Version);
            w.WriteStartObject("weights");
            foreach (var f in Enum.GetValues<Factor>()) w.WriteNumber(FactorNames.Name(f), p.WeightOf(f));
            w.WriteEndObject();
            w.WriteBoolean("compensatingReception", p.CompensatingReception);
            w.WriteBoolean("netSelfSettled", p.NetSelfSettled);
            w.WriteBoolean("floorAtZero", p.FloorAtZero);
            w.WriteString("method", ApportionmentMethods.Name(p.Method));
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
