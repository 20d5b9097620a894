using System.Globalization;
using Kommuntal.Core.Allocation;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Core.Validation;
using Kommuntal.Web.Components;
using Kommuntal.Web.Pages.Portal;

namespace Kommuntal.Functions.Http;

/// <summary>Reads the portal's forms into the model's requests; every problem becomes a message tied to its field.</summary>
public static class PortalForms
{
    public static FormValues Values(IFormCollection form) =>
        new(form.Keys.Where(k => !k.StartsWith("__", StringComparison.Ordinal)).ToDictionary(k => k, k => form[k].ToString()));

    /// <summary>Today in Sweden.</summary>
    public static DateOnly Today(TimeProvider clock) => Core.Text.SwedishFormat.SwedishDate(clock.GetUtcNow());

    public static int? Int(IFormCollection form, string name) =>
        int.TryParse(form[name].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>A date as 2021-11-08 (the form's hint); null with an error on <paramref name="field"/> otherwise.</summary>
    public static DateOnly? Date(IFormCollection form, string field, string what, FormErrors errors, bool required)
    {
        var text = form[field].ToString().Trim();
        if (text.Length == 0)
        {
            if (required) errors.Add(field, $"Skriv {what}, till exempel 2021-11-08.");
            return null;
        }
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        errors.Add(field, $"Skriv {what} som år-månad-dag, till exempel 2021-11-08.");
        return null;
    }

    /// <summary>The decision form: the request, or null with every problem in <paramref name="errors"/>.</summary>
    public static DecisionRequest? Decision(IFormCollection form, FormErrors errors)
    {
        var date = Date(form, "beslutsdatum", "beslutsdatumet", errors, required: true);
        string? Text(string name) => form[name].ToString().Trim() is { Length: > 0 } t ? t : null;
        // The consultation's summary is recorded on the consultation page (the state's), not on this form.
        DecisionTexts? texts = null;
        var problems = new ProblemList("form");
        DecisionRequestValidation.Check(problems, Text("dnr"), Text("beslutsfattare"), Text("foredragande"), texts,
            new DecisionRequestValidation.FieldNames("dnr", "beslutsfattare", "foredragande", "texter"));
        foreach (var p in problems.Problems)
        {
            var field = p.Field?.StartsWith("texter", StringComparison.Ordinal) == true ? "samrad" : p.Field ?? "dnr";
            var message = (p.Code, field) switch
            {
                ("missing-value", "dnr") => "Skriv beslutets diarienummer, till exempel 851-1234-2021.",
                ("missing-value", "beslutsfattare") => "Skriv vem som fattade beslutet, till exempel landshövding Maria Larsson.",
                ("missing-value", "foredragande") => "Skriv vem som föredrog ärendet, till exempel integrationssamordnare Ingela Fredriksson.",
                _ => p.MessageSv,
            };
            errors.Add(field, message);
        }
        if (errors.Any) return null;
        return new DecisionRequest(date!.Value, Text("dnr")!, Text("beslutsfattare")!, Text("foredragande")!, texts, Int(form, "forslag"));
    }

    /// <summary>The consultation page's summary (empty: none), or null with its problem on the field <c>samrad</c>.</summary>
    public static string? ConsultationSummary(IFormCollection form, FormErrors errors)
    {
        var text = form["samrad"].ToString();
        var problems = new ProblemList("form");
        FreeText.Check(problems, text, "samrad", TextLimits.DecisionText, multiline: true);
        foreach (var p in problems.Problems) errors.Add("samrad", p.MessageSv);
        return errors.Any ? null : text.Trim();
    }

    /// <summary>The what-if form's parameters over <paramref name="basis"/>, or null with errors.</summary>
    public static ModelParameters? Parameters(IFormCollection form, ModelParameters basis, FormErrors errors)
    {
        double? Weight(string field, string what)
        {
            var text = form[field].ToString().Trim().Replace(',', '.');
            if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var w) && w is >= 0 and <= 100) return w;
            errors.Add(field, $"Skriv vikten för {what} som ett tal, till exempel 0,43.");
            return null;
        }
        var labour = Weight("vikt-arbete", "arbetsmarknad");
        var population = Weight("vikt-befolkning", "befolkning");
        var reception = Weight("vikt-mottagande", "tidigare mottagande");
        var method = ApportionmentMethods.Parse(form["metod"].ToString()) ?? basis.Method;
        if (errors.Any) return null;
        if (labour + population + reception <= 0)
        {
            errors.Add("vikt-arbete", "Minst en vikt måste vara större än 0.");
            return null;
        }
        return basis with
        {
            Version = basis.Version.EndsWith("-prövning", StringComparison.Ordinal) ? basis.Version : basis.Version + "-prövning",
            LabourWeight = labour!.Value,
            PopulationWeight = population!.Value,
            ReceptionWeight = reception!.Value,
            Method = method,
        };
    }
}
