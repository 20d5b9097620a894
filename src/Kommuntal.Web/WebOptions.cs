namespace Kommuntal.Web;

/// <summary>Settings of the pages, bound from the "Kommuntal:Web" configuration section.</summary>
public sealed class WebOptions
{
    public const string Section = "Kommuntal:Web";

    /// <summary>Who stands behind the service (the accessibility statement and the footer name it).</summary>
    public string Operator { get; set; } = "Länsstyrelserna";

    /// <summary>
    /// The day the accessibility of the pages was last assessed (the tests of docs/web.md run, the
    /// keyboard, 320 px and 200 % checks made). The statement prints it; change it when you assess again.
    /// </summary>
    public DateOnly AccessibilityAssessedOn { get; set; } = Pages.Public.AccessibilityStatement.LastAssessment;
}
