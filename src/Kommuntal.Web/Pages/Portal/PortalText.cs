using Kommuntal.Application.Portal;
using Kommuntal.Core.Allocation;
using Kommuntal.Core.Documents;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Core.Text;
using Kommuntal.Web.Components;

namespace Kommuntal.Web.Pages.Portal;

/// <summary>The portal's words for the model's states, kinds and methods (Swedish, plain language).</summary>
public static class PortalText
{
    public static string Status(CountyYearStatus status) => status switch
    {
        CountyYearStatus.None => "Inte påbörjat",
        CountyYearStatus.Proposal => "Förslag",
        CountyYearStatus.Decided => "Beslutat, inte publicerat",
        CountyYearStatus.Published => "Publicerat",
        _ => status.ToString(),
    };

    public static StatusKind StatusKindOf(CountyYearStatus status) => status switch
    {
        CountyYearStatus.Published => StatusKind.Success,
        CountyYearStatus.Decided => StatusKind.Information,
        CountyYearStatus.Proposal => StatusKind.Neutral,
        _ => StatusKind.Neutral,
    };

    public static string Kind(DeviationKind kind) => SwedishFormat.Capitalise(DeviationKinds.SwedishName(kind));

    public static string Method(ApportionmentMethod method) => ApportionmentMethods.SwedishName(method);

    public static string Factor(Factor factor) => factor switch
    {
        Core.Allocation.Factor.Labour => "Arbetsmarknad",
        Core.Allocation.Factor.Population => "Befolkning",
        Core.Allocation.Factor.Reception => "Tidigare mottagande",
        _ => factor.ToString(),
    };

    public static string Notification(NotificationStatus status) => status switch
    {
        NotificationStatus.Pending => "Väntar på att skickas",
        NotificationStatus.Sending => "Skickas",
        NotificationStatus.Sent => "Skickat",
        NotificationStatus.Delivered => "Levererat",
        NotificationStatus.Failed => "Misslyckades",
        _ => status.ToString(),
    };

    public static StatusKind NotificationKind(NotificationStatus status) => status switch
    {
        NotificationStatus.Delivered or NotificationStatus.Sent => StatusKind.Success,
        NotificationStatus.Failed => StatusKind.Error,
        _ => StatusKind.Neutral,
    };

    public static string Document(DocumentKind kind) => kind == DocumentKind.Proposal ? "Förslag" : "Beslut";

    /// <summary>"12 skickade, 1 misslyckat" or "–".</summary>
    public static string Delivery(DeliverySummary d)
    {
        if (d.Total == 0) return Format.Missing;
        var parts = new List<string>();
        if (d.Delivered > 0) parts.Add($"{Format.Number(d.Delivered)} levererade");
        if (d.Sent > 0) parts.Add($"{Format.Number(d.Sent)} skickade");
        if (d.Waiting > 0) parts.Add($"{Format.Number(d.Waiting)} väntar");
        if (d.Failed > 0) parts.Add($"{Format.Number(d.Failed)} misslyckade");
        return string.Join(", ", parts);
    }
}
