using System.Text.Json.Serialization;
using Kommuntal.Core.Validation;

namespace Kommuntal.Functions.Api;

/// <summary>An RFC 9457 problem (openapi.json, Problem): <c>errors</c> only when there is a list, <c>correlationId</c> only for a 500.</summary>
public sealed record ProblemDocument(
    string Type,
    string Title,
    int Status,
    string Detail,
    string? Instance,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<object>? Errors,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CorrelationId = null);

/// <summary>One problem of a rejected input: where (file, line, cell, field), its code, English and Swedish.</summary>
public sealed record InputProblem(string File, int? Line, string? Cell, string? Field, string Code, string Message, string MessageSv)
{
    public static InputProblem From(ValidationProblem p) => new(p.File, p.Line, p.Cell, p.Field, p.Code, p.MessageEn, p.MessageSv);
}

/// <summary>A municipality whose wish cannot be met.</summary>
public sealed record MunicipalityProblem(string MunicipalityCode);
