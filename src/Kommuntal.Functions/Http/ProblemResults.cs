using Kommuntal.Application.Ports;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Core.Text;
using Kommuntal.Core.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Kommuntal.Functions.Http;

/// <summary>RFC 9457 problem details for every error the API returns.</summary>
public static class ProblemResults
{
    public const string ContentType = "application/problem+json";

    public static IActionResult Problem(HttpRequest request, int status, string title, string detail, string type, object? errors = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["type"] = $"https://kommuntal.example/problems/{type}",
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
            ["instance"] = request.Path.Value,
        };
        if (errors is not null) body["errors"] = errors;
        return new ContentResult { StatusCode = status, ContentType = ContentType, Content = KommuntalJson.Serialize(body) };
    }

    public static IActionResult From(HttpRequest request, Exception ex) => ex switch
    {
        ValidationFailedException v => Problem(request, 400, "The input was rejected",
            $"{v.Problems.Count} problem(s) found; nothing was stored.", "validation",
            v.Problems.Select(p => new { file = p.File, line = p.Line, cell = p.Cell, field = p.Field, code = p.Code, message = p.MessageEn, messageSv = p.MessageSv })),
        InvalidTransitionException t => Problem(request, 409, "Not allowed in the current state", $"{t.Message} / {t.MessageSv}", "invalid-transition"),
        ConcurrencyConflictException c => Problem(request, 412, "Changed by someone else", c.Message, "concurrency-conflict"),
        PublishedDocumentConflictException p => Problem(request, 409, "A different document is already at the published address",
            $"{p.Message} / {p.MessageSv}", "document-conflict"),
        Kommuntal.Core.Allocation.InfeasibleDeviationsException d => Problem(request, 422, "The wishes cannot all be met",
            $"{d.Message} / {d.MessageSv}", "infeasible-deviations", d.MunicipalityCodes.Select(c => new { municipalityCode = c })),
        _ => throw new InvalidOperationException("Unexpected error while handling the request.", ex),
    };

    public static IActionResult Json(object value, int status = 200) =>
        new ContentResult { StatusCode = status, ContentType = "application/json; charset=utf-8", Content = KommuntalJson.Serialize(value) };
}
