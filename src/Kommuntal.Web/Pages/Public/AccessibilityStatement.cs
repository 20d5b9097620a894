using Kommuntal.Application.Options;
using Kommuntal.Core.Notifications;
using Kommuntal.Core.Reference;

namespace Kommuntal.Web.Pages.Public;

/// <summary>
/// What the accessibility statement (tillgänglighetsredogörelse, lag (2018:1937) 12 §) says that
/// depends on the deployment: who runs the service, whom to contact, when it was last assessed.
/// The rest of the statement is the text of <see cref="AccessibilityStatementPage"/>.
/// </summary>
public sealed record AccessibilityStatement(string Operator, DateOnly AssessedOn, BoardContact Contact, IReadOnlyList<CountyContact> CountyContacts)
{
    /// <summary>The day the checks of docs/web.md were last made and the statement reviewed.</summary>
    public static readonly DateOnly LastAssessment = new(2026, 12, 7);

    /// <summary>The axe-core the browser tests run (package.json pins the same; a test compares them).</summary>
    public const string AxeCoreVersion = "4.14.1";

    /// <summary>Digg's form for reporting a public service that does not comply.</summary>
    public const string DiggReportUrl = "https://www.digg.se/tdosanmalan";

    /// <summary>From the settings: "Kommuntal:Web", "Kommuntal:DefaultContact" and the configured "Kommuntal:Contacts".</summary>
    public static AccessibilityStatement From(WebOptions web, KommuntalOptions options, ReferenceData reference) =>
        new(web.Operator, web.AccessibilityAssessedOn, options.DefaultContact,
            options.Contacts
                .Select(c => (County: reference.FindCounty(c.Key), Contact: c.Value))
                .Where(c => c.County is not null)
                .OrderBy(c => c.County!.Code, StringComparer.Ordinal)
                .Select(c => new CountyContact(c.County!, c.Contact))
                .ToList());
}

public sealed record CountyContact(County County, BoardContact Contact);
