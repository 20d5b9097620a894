using System.Text;
using System.Text.Json;
using Kommuntal.Application.Ports;
using Kommuntal.Infrastructure.Email.Acs;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kommuntal.Infrastructure.Tests.Email;

public class AcsEmailClientTests
{
    [Fact]
    public void The_HMAC_signature_reproduces_the_test_vector()
    {
        var key = Convert.FromBase64String("68810419818922fb0263dd6ee4b9c56537dbad914aa7324a119fce26778a286e");
        var hash = AcsHmacAuthenticationPolicy.ContentHash(Encoding.UTF8.GetBytes("{\"senderAddress\":\"a@b.c\"}"));
        Assert.Equal("JppGVhXOsxjTDFEjYrQyeJE/eLwcSbSYvYuKFodVIO0=", hash);
        var toSign = AcsHmacAuthenticationPolicy.StringToSign("POST", "/emails:send?api-version=2025-09-01", "Thu, 26 Nov 2026 12:00:00 GMT",
            "contoso.communication.azure.com", hash);
        Assert.Equal("OGX409MpWSS3uhHjDvpFYgHuhdAlHYmW9c2zq8SqJ0k=", AcsHmacAuthenticationPolicy.Signature(key, toSign));
        Assert.Equal("HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=OGX409MpWSS3uhHjDvpFYgHuhdAlHYmW9c2zq8SqJ0k=",
            AcsHmacAuthenticationPolicy.AuthorizationHeader("OGX409MpWSS3uhHjDvpFYgHuhdAlHYmW9c2zq8SqJ0k="));
    }

    [Theory]
    [InlineData("endpoint=https://x.communication.azure.com/;accesskey=a2V5", null)]
    [InlineData("accesskey=a2V5;endpoint=https://x.communication.azure.com", null)]
    [InlineData("endpoint=https://x.communication.azure.com/", "endpoint or accesskey is missing")]
    [InlineData("endpoint=http://x.communication.azure.com/;accesskey=a2V5", "must use https")]
    [InlineData("endpoint=http://127.0.0.1:5000/;accesskey=a2V5", null)]
    [InlineData("endpoint=https://x.communication.azure.com/path;accesskey=a2V5", "must not have a path")]
    [InlineData("endpoint=https://x.communication.azure.com/;accesskey=not base64!", "not base64")]
    public void Connection_strings_are_checked_without_quoting_the_key(string connectionString, string? problem)
    {
        var found = AcsConnectionString.Problem(connectionString);
        if (problem is null) Assert.Null(found);
        else
        {
            Assert.NotNull(found);
            Assert.Contains(problem, found);
            Assert.DoesNotContain("a2V5", found);
            Assert.DoesNotContain("not base64!", found);
        }
        if (problem is null) Assert.EndsWith("accesskey=***", AcsConnectionString.Parse(connectionString).ToString());
    }

    internal static AcsEmailMessage Message(string to = "kommun@laxa.se", string subject = "Beslut om fördelning av anvisningar år 2022 till kommuner i Örebro län") =>
        new("kommuntal@lansstyrelsen.example", new AcsRecipients([new AcsAddress(to, "Laxå kommun")]),
            new AcsContent(subject, "Hej,\n\nKommuntalet är 3.", "<p>Hej,</p><p>Kommuntalet är 3.</p>"))
        {
            Attachments = [new AcsAttachment("beslut.pdf", "application/pdf", Convert.ToBase64String("%PDF-1.7 test"u8.ToArray()))],
            ReplyTo = [new AcsAddress("samordnare@lansstyrelsen.example", "Samordnaren")],
        };

    [Fact]
    public async Task Send_is_accepted_with_202_and_the_status_goes_Running_then_Succeeded()
    {
        await using var fake = await FakeAcsServer.StartAsync();
        var client = new AcsEmailClient(fake.ConnectionString);
        var id = Guid.NewGuid().ToString();

        var sent = await client.SendAsync(Message(), id, default);
        Assert.Equal(id, sent.Id);
        Assert.Equal(AcsStatus.Running, sent.Status);
        Assert.Equal(TimeSpan.FromSeconds(1), sent.RetryAfter);
        Assert.Equal($"{fake.Endpoint}emails/operations/{id}?api-version=2025-09-01", sent.OperationLocation);

        Assert.Equal(AcsStatus.Running, (await client.GetStatusAsync(id, default)).Status);
        var done = await client.GetStatusAsync(id, default);
        Assert.Equal(AcsStatus.Succeeded, done.Status);
        Assert.True(done.IsFinal);

        var post = Assert.Single(fake.Sends);
        Assert.Equal(202, post.Status);
        Assert.Equal("/emails:send?api-version=2025-09-01", post.Target);
        Assert.Equal(id, post.Headers["Operation-Id"]);
        Assert.All(fake.Requests, r => Assert.NotEqual(401, r.Status)); // every request's signature verified
    }

    [Fact]
    public async Task The_body_follows_the_API_schema()
    {
        await using var fake = await FakeAcsServer.StartAsync();
        var client = new AcsEmailClient(fake.ConnectionString);
        await client.SendAsync(Message(), Guid.NewGuid().ToString(), default);

        var body = JsonDocument.Parse(Assert.Single(fake.Sends).Body).RootElement;
        Assert.Null(FakeAcsServer.SchemaProblem(body));
        Assert.Equal("kommuntal@lansstyrelsen.example", body.GetProperty("senderAddress").GetString());
        var to = Assert.Single(body.GetProperty("recipients").GetProperty("to").EnumerateArray());
        Assert.Equal("kommun@laxa.se", to.GetProperty("address").GetString());
        Assert.Equal("Laxå kommun", to.GetProperty("displayName").GetString());
        var content = body.GetProperty("content");
        Assert.Equal("Beslut om fördelning av anvisningar år 2022 till kommuner i Örebro län", content.GetProperty("subject").GetString());
        Assert.Equal("Hej,\n\nKommuntalet är 3.", content.GetProperty("plainText").GetString());
        Assert.Equal("<p>Hej,</p><p>Kommuntalet är 3.</p>", content.GetProperty("html").GetString());
        var attachment = Assert.Single(body.GetProperty("attachments").EnumerateArray());
        Assert.Equal("beslut.pdf", attachment.GetProperty("name").GetString());
        Assert.Equal("application/pdf", attachment.GetProperty("contentType").GetString());
        Assert.Equal("%PDF-1.7 test", Encoding.ASCII.GetString(Convert.FromBase64String(attachment.GetProperty("contentInBase64").GetString()!)));
        Assert.Equal("samordnare@lansstyrelsen.example", body.GetProperty("replyTo")[0].GetProperty("address").GetString());
        Assert.False(body.TryGetProperty("headers", out _)); // nulls are left out
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_retried_with_the_same_Operation_Id_and_a_fresh_signature()
    {
        await using var fake = await FakeAcsServer.StartAsync();
        var client = new AcsEmailClient(fake.ConnectionString);
        var id = Guid.NewGuid().ToString();
        fake.ThrottleNextSends(1);
        var started = DateTimeOffset.UtcNow;

        var sent = await client.SendAsync(Message(), id, default);

        Assert.Equal(AcsStatus.Running, sent.Status);
        Assert.True(DateTimeOffset.UtcNow - started >= TimeSpan.FromSeconds(0.9), "the retry waited for Retry-After");
        var posts = fake.Sends;
        Assert.Equal([429, 202], posts.Select(p => p.Status));
        Assert.All(posts, p => Assert.Equal(id, p.Headers["Operation-Id"]));
        Assert.Equal(posts[0].Body, posts[1].Body);
        Assert.NotEqual(posts[0].Headers["x-ms-date"], posts[1].Headers["x-ms-date"]); // signed again, with a fresh date
        Assert.Single(fake.Mails);
    }

    [Fact]
    public async Task Sending_the_same_Operation_Id_again_queues_no_second_mail()
    {
        await using var fake = await FakeAcsServer.StartAsync();
        var client = new AcsEmailClient(fake.ConnectionString);
        var id = Guid.NewGuid().ToString();
        await client.SendAsync(Message(), id, default);
        var again = await client.SendAsync(Message(), id, default);
        Assert.Equal(id, again.Id);
        Assert.Equal(2, fake.Sends.Count);
        Assert.Equal(2, Assert.Single(fake.Mails).Sends);
    }

    [Fact]
    public async Task A_wrong_access_key_fails_loudly_with_401_and_is_not_retried()
    {
        await using var fake = await FakeAcsServer.StartAsync();
        var wrongKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var client = new AcsEmailClient($"endpoint={fake.Endpoint};accesskey={wrongKey}");

        var ex = await Assert.ThrowsAsync<AcsRequestException>(() => client.SendAsync(Message(), Guid.NewGuid().ToString(), default));
        Assert.Equal(401, ex.Status);
        Assert.Equal("Denied", ex.ErrorCode);
        Assert.Contains("Email:Acs:ConnectionString", ex.Message);
        Assert.DoesNotContain(wrongKey, ex.Message);
        Assert.Single(fake.Requests);
        Assert.Empty(fake.Mails);

        // through the sender: an EmailSendException the dispatcher retries later (the key may be fixed), never a silent success
        var sender = new AcsEmailSender(client, NullLogger<AcsEmailSender>.Instance);
        var outgoing = new OutgoingEmail(Guid.NewGuid().ToString(), new EmailAddress("kommuntal@lansstyrelsen.example", "Länsstyrelsen"),
            [new EmailAddress("kommun@laxa.se", "Laxå kommun")], "Ämne", "text", "<p>text</p>", []);
        var sendEx = await Assert.ThrowsAsync<EmailSendException>(() => sender.SendAsync(outgoing, default));
        Assert.False(sendEx.Permanent);
        Assert.Contains("401", sendEx.Message);
    }

    [Fact]
    public async Task The_SDKs_validation_rejects_bad_messages_before_anything_is_sent()
    {
        await using var fake = await FakeAcsServer.StartAsync();
        var client = new AcsEmailClient(fake.ConnectionString);
        var id = Guid.NewGuid().ToString();
        var good = Message();
        var cases = new Dictionary<string, AcsEmailMessage>
        {
            ["sender address"] = good with { SenderAddress = " " },
            ["At least one recipient"] = good with { Recipients = new AcsRecipients([]) },
            ["At most 50 recipients"] = good with { Recipients = new AcsRecipients(Enumerable.Range(0, 51).Select(i => new AcsAddress($"k{i}@kommun.se", null)).ToList()) },
            ["subject is required"] = good with { Content = good.Content with { Subject = "" } },
            ["plain-text or an HTML body"] = good with { Content = good.Content with { PlainText = null, Html = " " } },
            ["Every attachment"] = good with { Attachments = [new AcsAttachment("a.pdf", "application/pdf", "")] },
            ["line break"] = good with { Content = good.Content with { Subject = "Beslut\r\nBcc: alla@example.com" } },
            ["recipient name"] = good with { Recipients = new AcsRecipients([new AcsAddress("kommun@laxa.se", "Laxå\nBcc: x@y.se")]) },
            ["10 MB"] = good with { Attachments = [new AcsAttachment("big.pdf", "application/pdf", Convert.ToBase64String(new byte[8 * 1024 * 1024]))] },
        };
        foreach (var (expected, message) in cases)
        {
            var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.SendAsync(message, id, default));
            Assert.Contains(expected, ex.Message);
        }
        Assert.Empty(fake.Requests);
        // 50 recipients is the limit, not beyond it
        await client.SendAsync(good with { Recipients = new AcsRecipients(Enumerable.Range(0, 50).Select(i => new AcsAddress($"k{i}@kommun.se", null)).ToList()) }, id, default);
        Assert.Single(fake.Mails);
    }

    [Fact]
    public async Task Status_reads_that_stay_rate_limited_are_reported_as_such_to_the_poller()
    {
        await using var fake = await FakeAcsServer.StartAsync();
        var client = new AcsEmailClient(fake.ConnectionString, new AcsEmailClientOptions { Retry = { MaxRetries = 1, Delay = TimeSpan.FromMilliseconds(10) } });
        var sender = new AcsEmailSender(client, NullLogger<AcsEmailSender>.Instance);
        var id = Guid.NewGuid().ToString();
        await client.SendAsync(Message(), id, default);
        fake.ThrottleNextStatusReads(5);

        var ex = await Assert.ThrowsAsync<DeliveryStatusUnavailableException>(() => sender.GetStatusAsync(id, default));
        Assert.True(ex.RateLimited);
        Assert.Equal(TimeSpan.FromSeconds(1), ex.RetryAfter);
        Assert.Equal(2, fake.Requests.Count(r => r.Method == "GET")); // the first read and one retry, no more
    }
}
