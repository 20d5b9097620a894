namespace Kommuntal.Core.Lifecycle;

/// <summary>
/// The free text of a decision (diarienummer, who decided and presented, the decision's own texts):
/// required where it must be, within <see cref="TextLimits"/>, without hidden characters. Checked
/// by <see cref="CountyYearRules.Decide"/> for every door, and by the doors first so each can name
/// its own fields (the API's JSON names, the command line's options). A door whose fields may be
/// missing (a JSON body) makes its request with <see cref="Create"/>.
/// </summary>
public static class DecisionRequestValidation
{
    /// <summary>The fields as the API names them; the command line passes its option names instead.</summary>
    public sealed record FieldNames(string Diarienummer = "diarienummer", string DecidedBy = "decidedBy", string PresentedBy = "presentedBy",
        string Texts = "texts", string DecisionDate = "decisionDate");

    /// <summary>
    /// The request from fields that may each be missing: a <see cref="DecisionRequest"/>, or a
    /// <see cref="ValidationFailedException"/> naming every problem (the date too) from <paramref name="source"/>.
    /// </summary>
    public static DecisionRequest Create(DateOnly? decisionDate, string? diarienummer, string? decidedBy, string? presentedBy, DecisionTexts? texts,
        int? draftNumber, string source, FieldNames? names = null)
    {
        var n = names ?? new FieldNames();
        var problems = new ProblemList(source);
        if (decisionDate is null) problems.Add(null, n.DecisionDate, "missing-value", "Beslutsdatum saknas.", $"{n.DecisionDate} is required.");
        Check(problems, diarienummer, decidedBy, presentedBy, texts, n);
        problems.ThrowIfAny();
        return new DecisionRequest(decisionDate!.Value, diarienummer!, decidedBy!, presentedBy!, texts, draftNumber);
    }

    /// <summary>Adds every problem with the given values to <paramref name="problems"/>.</summary>
    public static void Check(ProblemList problems, string? diarienummer, string? decidedBy, string? presentedBy, DecisionTexts? texts,
        FieldNames? names = null)
    {
        var n = names ?? new FieldNames();
        Required(problems, diarienummer, n.Diarienummer, TextLimits.Diarienummer, "Diarienummer saknas.", "The diarienummer is missing.");
        Required(problems, decidedBy, n.DecidedBy, TextLimits.Name, "Beslutsfattare saknas.", "Who decided is missing.");
        Required(problems, presentedBy, n.PresentedBy, TextLimits.Name, "Föredragande saknas.", "The presenting official is missing.");
        if (texts is null) return;
        FreeText.Check(problems, texts.Background, $"{n.Texts}.background", TextLimits.DecisionText, multiline: true);
        FreeText.Check(problems, texts.Reasons, $"{n.Texts}.reasons", TextLimits.DecisionText, multiline: true);
        FreeText.Check(problems, texts.Appeal, $"{n.Texts}.appeal", TextLimits.DecisionText, multiline: true);
        FreeText.Check(problems, texts.ConsultationSummary, $"{n.Texts}.consultationSummary", TextLimits.DecisionText, multiline: true);
    }

    /// <summary>Throws <see cref="ValidationFailedException"/> naming every problem of <paramref name="request"/>.</summary>
    public static void Validate(DecisionRequest request, string source = "decision", FieldNames? names = null)
    {
        var problems = new ProblemList(source);
        Check(problems, request.Diarienummer, request.DecidedBy, request.PresentedBy, request.Texts, names);
        problems.ThrowIfAny();
    }

    private static void Required(ProblemList problems, string? text, string field, int maxLength, string sv, string en)
    {
        if (string.IsNullOrWhiteSpace(text)) problems.Add(null, field, "missing-value", sv, en);
        else FreeText.Check(problems, text, field, maxLength);
    }
}
