using System.Text.Json.Serialization;

namespace Kommuntal.Infrastructure.Email.Acs;

// The request and response bodies of the ACS Email REST API (api-version 2025-09-01, also 2023-03-31).

/// <summary>The body of <c>POST /emails:send</c>.</summary>
public sealed record AcsEmailMessage(
    [property: JsonPropertyName("senderAddress")] string SenderAddress,
    [property: JsonPropertyName("recipients")] AcsRecipients Recipients,
    [property: JsonPropertyName("content")] AcsContent Content)
{
    [JsonPropertyName("attachments")]
    public IReadOnlyList<AcsAttachment>? Attachments { get; init; }

    [JsonPropertyName("replyTo")]
    public IReadOnlyList<AcsAddress>? ReplyTo { get; init; }

    /// <summary>Custom headers (name → value).</summary>
    [JsonPropertyName("headers")]
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    [JsonPropertyName("userEngagementTrackingDisabled")]
    public bool? UserEngagementTrackingDisabled { get; init; }
}

public sealed record AcsRecipients([property: JsonPropertyName("to")] IReadOnlyList<AcsAddress> To)
{
    [JsonPropertyName("cc")]
    public IReadOnlyList<AcsAddress>? Cc { get; init; }

    [JsonPropertyName("bcc")]
    public IReadOnlyList<AcsAddress>? Bcc { get; init; }

    [JsonIgnore]
    public IEnumerable<AcsAddress> All => To.Concat(Cc ?? []).Concat(Bcc ?? []);
}

public sealed record AcsAddress(
    [property: JsonPropertyName("address")] string Address,
    [property: JsonPropertyName("displayName")] string? DisplayName);

public sealed record AcsContent(
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("plainText")] string? PlainText,
    [property: JsonPropertyName("html")] string? Html);

public sealed record AcsAttachment(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("contentType")] string ContentType,
    [property: JsonPropertyName("contentInBase64")] string ContentInBase64);

/// <summary>The status of a send operation: the body of 202 from send and of 200 from the status query.</summary>
public sealed record AcsOperationStatus(string Id, string Status, AcsError? Error)
{
    /// <summary>The service's Retry-After: when to ask about the operation next.</summary>
    public TimeSpan? RetryAfter { get; init; }
    /// <summary>The Operation-Location header (where the status can be read).</summary>
    public string? OperationLocation { get; init; }

    /// <summary>NotStarted and Running are not final; Succeeded, Failed and Canceled are.</summary>
    public bool IsFinal => Status is AcsStatus.Succeeded or AcsStatus.Failed or AcsStatus.Canceled;
}

public sealed record AcsError(
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("message")] string? Message);

public static class AcsStatus
{
    public const string NotStarted = "NotStarted", Running = "Running", Succeeded = "Succeeded", Failed = "Failed", Canceled = "Canceled";
}

/// <summary>The service answered with an error status (after the pipeline's retries).</summary>
public sealed class AcsRequestException(int status, string? errorCode, string message, TimeSpan? retryAfter)
    : Exception(message)
{
    public int Status { get; } = status;
    public string? ErrorCode { get; } = errorCode;
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

internal sealed record AcsStatusBody(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("error")] AcsError? Error);

internal sealed record AcsErrorBody([property: JsonPropertyName("error")] AcsError? Error);
