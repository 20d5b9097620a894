namespace Kommuntal.Web.Components;

/// <summary>
/// The errors of a submitted form, in the order of its fields: each names the id of the field it
/// belongs to, so the <see cref="ErrorSummary"/> links to the field and the field points at its
/// message with aria-describedby.
/// </summary>
public sealed class FormErrors
{
    private readonly List<FieldError> _errors = [];

    public IReadOnlyList<FieldError> All => _errors;
    public int Count => _errors.Count;
    public bool Any => _errors.Count > 0;

    /// <param name="fieldId">The id of the input (the summary links to <c>#fieldId</c>).</param>
    /// <param name="message">Says what is wrong and how to put it right: "Skriv ett antal, till exempel 12".</param>
    public FormErrors Add(string fieldId, string message)
    {
        _errors.Add(new FieldError(fieldId, message));
        return this;
    }

    /// <summary>The first message for a field, or null.</summary>
    public string? For(string fieldId) => _errors.FirstOrDefault(e => e.FieldId == fieldId)?.Message;
}

public sealed record FieldError(string FieldId, string Message);

/// <summary>What a <see cref="FormField"/> hands to the control it wraps.</summary>
/// <param name="Id">The control's id (the label's <c>for</c>, the summary's link target).</param>
/// <param name="DescribedBy">Ids of the hint and the error message, for aria-describedby (null when neither).</param>
/// <param name="Invalid">The field has an error: render aria-invalid="true".</param>
public sealed record FieldContext(string Id, string? DescribedBy, bool Invalid)
{
    /// <summary>For <c>aria-invalid="@f.AriaInvalid"</c>: "true", or null (the attribute is left out).</summary>
    public string? AriaInvalid => Invalid ? "true" : null;
}
