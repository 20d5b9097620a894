namespace Kommuntal.Application.Options;

/// <summary>
/// Texts and defaults of the decision documents, bound from "Kommuntal:Documents". The appeal
/// paragraph lives here because whether a kommuntal decision can be appealed is not settled:
/// each board sets the text its lawyers approve, and a decision's own
/// <c>DecisionTexts.Appeal</c> overrides it.
/// </summary>
public sealed class DocumentOptions
{
    public const string Section = "Kommuntal:Documents";

    /// <summary>Heading of the appeal paragraph.</summary>
    public string AppealHeading { get; set; } = "Upplysning om överklagande";

    /// <summary>
    /// The appeal paragraph printed in every decision. The default claims neither that the decision
    /// can nor that it cannot be appealed; replace it with the board's own text. Paragraphs are
    /// separated by a blank line.
    /// </summary>
    public string AppealText { get; set; } =
        "Har ni frågor om beslutet eller om möjligheten att överklaga det, kontakta Länsstyrelsen och ange beslutets diarienummer.";

    /// <summary>An optional note under the signatures, e.g. "Beslutet har godkänts digitalt och saknar därför underskrift."</summary>
    public string? SignatureNote { get; set; }
}
