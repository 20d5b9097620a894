using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Core;
using Azure.Core.Pipeline;
using Kommuntal.Core.Notifications;

namespace Kommuntal.Infrastructure.Email.Acs;

/// <summary>Pipeline settings of <see cref="AcsEmailClient"/>: retries (honouring Retry-After), timeouts, logging.</summary>
public sealed class AcsEmailClientOptions : ClientOptions
{
    public AcsEmailClientOptions()
    {
        Retry.Mode = RetryMode.Exponential;
        Retry.MaxRetries = 4;
        Retry.Delay = TimeSpan.FromSeconds(1);
        Retry.MaxDelay = TimeSpan.FromSeconds(30);
        Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        Diagnostics.ApplicationId = "kommuntal";
        Diagnostics.IsLoggingContentEnabled = false; // bodies carry personal data and attachments
        foreach (var h in new[] { "Operation-Id", "Operation-Location", "Retry-After", "x-ms-request-id", "x-ms-date" })
            Diagnostics.LoggedHeaderNames.Add(h);
    }

    /// <summary>The GA API version spoken.</summary>
    public string ApiVersion { get; set; } = AcsEmailClient.DefaultApiVersion;

    /// <summary>Upper bound for one call including its retries (a server may ask for long Retry-After waits).</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary>
/// A small client for the Azure Communication Services Email REST API, on Azure.Core's
/// <see cref="HttpPipeline"/> (retries with Retry-After, logging without secrets or bodies,
/// per-retry authentication: HMAC with the access key of a connection string, or an Entra ID
/// bearer token for <see cref="Scope"/>). Two calls:
/// <list type="bullet">
/// <item><see cref="SendAsync"/>: <c>POST /emails:send</c> with a caller-chosen <c>Operation-Id</c>,
/// so a repeated send of the same message is recognised by the service (202 + the operation);</item>
/// <item><see cref="GetStatusAsync"/>: <c>GET /emails/operations/{id}</c> (NotStarted, Running,
/// Succeeded, Failed, Canceled).</item>
/// </list>
/// Messages are validated as the official SDK does before anything is sent (sender, 1 to 50
/// recipients, subject, a body, complete attachments, at most 10 MB request) and, beyond it, for
/// header injection (no CR/LF in names or subject).
/// </summary>
public sealed class AcsEmailClient
{
    public const string DefaultApiVersion = "2025-09-01";
    /// <summary>The Entra ID scope of Communication Services (the double slash is right).</summary>
    public const string Scope = "https://communication.azure.com//.default";
    public const int MaxRecipients = 50;
    /// <summary>The service's limit for a whole request, attachments in base64 included.</summary>
    public const long MaxRequestBytes = 10 * 1024 * 1024;

    internal static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly HttpPipeline _pipeline;
    private readonly AcsEmailClientOptions _options;

    public Uri Endpoint { get; }

    /// <summary>HMAC authentication from a connection string <c>endpoint=https://host/;accesskey=BASE64</c>.</summary>
    public AcsEmailClient(string connectionString, AcsEmailClientOptions? options = null, TimeProvider? clock = null)
        : this(AcsConnectionString.Parse(connectionString), options, clock)
    {
    }

    public AcsEmailClient(AcsConnectionString connectionString, AcsEmailClientOptions? options = null, TimeProvider? clock = null)
    {
        _options = options ?? new AcsEmailClientOptions();
        Endpoint = connectionString.Endpoint;
        // The signing date must be the wall clock: the service rejects requests more than 15 minutes off its own.
        _pipeline = HttpPipelineBuilder.Build(_options, [], [new AcsHmacAuthenticationPolicy(connectionString.Key, clock ?? TimeProvider.System)], null);
    }

    /// <summary>Entra ID authentication (managed identity, workload identity, developer sign-in).</summary>
    public AcsEmailClient(Uri endpoint, TokenCredential credential, AcsEmailClientOptions? options = null)
    {
        if (AcsConnectionString.EndpointProblem(endpoint.ToString()) is { } problem) throw new ArgumentException("The ACS endpoint " + problem, nameof(endpoint));
        _options = options ?? new AcsEmailClientOptions();
        Endpoint = endpoint;
        _pipeline = HttpPipelineBuilder.Build(_options, [], [new BearerTokenAuthenticationPolicy(credential, Scope)], null);
    }

    /// <summary>
    /// Queues a message. Returns the operation (usually Running) with the service's Retry-After.
    /// The same <paramref name="operationId"/> sent again does not queue a second message: the
    /// service answers with the existing operation (a 409 for a known id is read the same way).
    /// </summary>
    /// <exception cref="ArgumentException">The message breaks a rule the service would reject it for.</exception>
    /// <exception cref="AcsRequestException">The service answered with an error (401/403: credentials).</exception>
    public async Task<AcsOperationStatus> SendAsync(AcsEmailMessage message, string operationId, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(operationId, out _)) throw new ArgumentException("The Operation-Id must be a UUID.", nameof(operationId));
        var body = Validate(message);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.OperationTimeout);
        using var http = _pipeline.CreateMessage();
        http.Request.Method = RequestMethod.Post;
        http.Request.Uri.Reset(new Uri(Endpoint, "/emails:send?api-version=" + Uri.EscapeDataString(_options.ApiVersion)));
        http.Request.Headers.SetValue(HttpHeader.Names.ContentType, "application/json");
        http.Request.Headers.SetValue("Operation-Id", operationId);
        http.Request.Content = RequestContent.Create(body);
        await SendWithTimeoutAsync(http, timeout, cancellationToken);
        var response = http.Response;
        if (response.Status == 409)
            return await GetStatusAsync(operationId, cancellationToken); // the service already has this operation
        if (response.Status != 202) throw Failure(response, "send");
        var status = ReadStatus(response, operationId);
        return status with
        {
            OperationLocation = response.Headers.TryGetValue("Operation-Location", out var location) ? location : null,
        };
    }

    /// <summary>Reads an operation's status (the service rate-limits these reads: ask at the pace its Retry-After gives).</summary>
    public async Task<AcsOperationStatus> GetStatusAsync(string operationId, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(operationId, out _)) throw new ArgumentException("The Operation-Id must be a UUID.", nameof(operationId));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.OperationTimeout);
        using var http = _pipeline.CreateMessage();
        http.Request.Method = RequestMethod.Get;
        http.Request.Uri.Reset(new Uri(Endpoint, $"/emails/operations/{Uri.EscapeDataString(operationId)}?api-version={Uri.EscapeDataString(_options.ApiVersion)}"));
        await SendWithTimeoutAsync(http, timeout, cancellationToken);
        if (http.Response.Status != 200) throw Failure(http.Response, "status");
        return ReadStatus(http.Response, operationId);
    }

    private async Task SendWithTimeoutAsync(HttpMessage http, CancellationTokenSource timeout, CancellationToken callerToken)
    {
        try
        {
            await _pipeline.SendAsync(http, timeout.Token);
        }
        catch (OperationCanceledException ex) when (!callerToken.IsCancellationRequested)
        {
            throw new TimeoutException($"ACS did not answer within {_options.OperationTimeout.TotalSeconds:0} seconds (retries included).", ex);
        }
    }

    /// <summary>The checks the official SDK makes (and the header rules of this system); returns the exact request body.</summary>
    public static byte[] Validate(AcsEmailMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (string.IsNullOrWhiteSpace(message.SenderAddress)) throw new ArgumentException("The sender address is required.", nameof(message));
        var recipients = message.Recipients?.All.ToList() ?? [];
        if (recipients.Count == 0) throw new ArgumentException("At least one recipient is required.", nameof(message));
        if (recipients.Count > MaxRecipients) throw new ArgumentException($"At most {MaxRecipients} recipients (to, cc and bcc together); this message has {recipients.Count}.", nameof(message));
        if (recipients.Any(r => string.IsNullOrWhiteSpace(r.Address))) throw new ArgumentException("Every recipient needs an address.", nameof(message));
        if (message.Content is null || string.IsNullOrWhiteSpace(message.Content.Subject)) throw new ArgumentException("The subject is required.", nameof(message));
        if (string.IsNullOrWhiteSpace(message.Content.PlainText) && string.IsNullOrWhiteSpace(message.Content.Html))
            throw new ArgumentException("The message needs a plain-text or an HTML body.", nameof(message));
        foreach (var a in message.Attachments ?? [])
            if (string.IsNullOrWhiteSpace(a.Name) || string.IsNullOrWhiteSpace(a.ContentType) || string.IsNullOrWhiteSpace(a.ContentInBase64))
                throw new ArgumentException("Every attachment needs a name, a content type and content.", nameof(message));
        if (message.Headers?.Any(h => string.IsNullOrWhiteSpace(h.Key) || string.IsNullOrWhiteSpace(h.Value)) == true)
            throw new ArgumentException("Custom headers need a name and a value.", nameof(message));
        var problems = EmailRules.HeaderProblems(message.SenderAddress, null,
            recipients.Concat(message.ReplyTo ?? []).Select(r => (r.Address, r.DisplayName)), message.Content.Subject);
        if (problems.Count > 0) throw new ArgumentException("The message is not sent: " + string.Join("; ", problems), nameof(message));
        var body = JsonSerializer.SerializeToUtf8Bytes(message, Json);
        if (body.LongLength > MaxRequestBytes)
            throw new ArgumentException($"The request would be {body.LongLength} bytes; the service accepts at most {MaxRequestBytes} (10 MB, attachments in base64 included).", nameof(message));
        return body;
    }

    private static AcsOperationStatus ReadStatus(Response response, string operationId)
    {
        AcsStatusBody? body = null;
        try
        {
            body = response.Content.ToObjectFromJson<AcsStatusBody>(Json);
        }
        catch (JsonException)
        {
            // an empty or unexpected body: the status line and headers still say it was accepted
        }
        return new AcsOperationStatus(body?.Id ?? operationId, body?.Status ?? AcsStatus.Running, body?.Error) { RetryAfter = RetryAfter(response) };
    }

    private static AcsRequestException Failure(Response response, string call)
    {
        AcsError? error = null;
        try
        {
            error = response.Content.ToObjectFromJson<AcsErrorBody>(Json)?.Error;
        }
        catch (JsonException)
        {
        }
        var detail = error is null ? response.ReasonPhrase : $"{error.Code}: {error.Message}";
        var text = response.Status switch
        {
            401 or 403 => $"ACS refused the {call} request's credentials (HTTP {response.Status}, {detail}). Check Email:Acs:ConnectionString's access key, "
                          + "or the managed identity's role (Communication and Email Service Owner) on the resource.",
            429 => $"ACS is rate-limiting {call} requests (HTTP 429, {detail}) and the retries are used up.",
            _ => $"ACS answered the {call} request with HTTP {response.Status} ({detail}).",
        };
        return new AcsRequestException(response.Status, error?.Code, text, RetryAfter(response));
    }

    /// <summary>The Retry-After of a response: retry-after-ms, x-ms-retry-after-ms, or Retry-After in seconds or as a date.</summary>
    internal static TimeSpan? RetryAfter(Response response)
    {
        foreach (var name in new[] { "retry-after-ms", "x-ms-retry-after-ms" })
            if (response.Headers.TryGetValue(name, out var ms) && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var m) && m >= 0)
                return TimeSpan.FromMilliseconds(m);
        if (!response.Headers.TryGetValue("Retry-After", out var value)) return null;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return TimeSpan.FromSeconds(seconds);
        if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            var wait = at - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }
}
