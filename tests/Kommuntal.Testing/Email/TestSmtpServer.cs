using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Kommuntal.Testing.Email;

/// <summary>
/// A real SMTP server (the SmtpServer package) on 127.0.0.1 and a free port, started by a test:
/// optionally with STARTTLS (a self-signed certificate made here) and required authentication. It
/// keeps every message it accepted, parsed with MimeKit, with the envelope recipients.
/// </summary>
/// <remarks>Shared by the Infrastructure tests (the SMTP sender) and the Web tests (a re-send from the portal).</remarks>
public sealed class TestSmtpServer : IAsyncDisposable
{
    private readonly SmtpServer.SmtpServer _server;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    public int Port { get; }
    public X509Certificate2? Certificate { get; }
    public ConcurrentQueue<Received> Messages { get; } = new();
    /// <summary>Envelope recipients the server refuses with 550.</summary>
    public ConcurrentBag<string> RejectedRecipients { get; } = [];

    public sealed record Received(MimeMessage Message, IReadOnlyList<string> EnvelopeTo, string? AuthenticatedUser, bool Secure);

    private TestSmtpServer(bool tls, (string User, string Password)? credentials)
    {
        Port = FreePort();
        Certificate = tls ? SelfSigned() : null;
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(b =>
            {
                b.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)).IsSecure(false);
                if (Certificate is not null) b.Certificate(Certificate).AllowUnsecureAuthentication(false);
                else b.AllowUnsecureAuthentication(true);
                b.AuthenticationRequired(credentials is not null);
            })
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        services.Add(new Filter(this));
        if (credentials is { } c) services.Add(new DelegatingUserAuthenticator((user, password) => user == c.User && password == c.Password));
        _server = new SmtpServer.SmtpServer(options, services);
        _running = _server.StartAsync(_stop.Token);
    }

    public static TestSmtpServer Start(bool tls = false, (string User, string Password)? credentials = null) => new(tls, credentials);

    public static X509Certificate2 SelfSigned()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null);
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private sealed class Store(TestSmtpServer owner) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var ms = new MemoryStream();
            foreach (var segment in buffer) ms.Write(segment.Span);
            ms.Position = 0;
            var message = await MimeMessage.LoadAsync(ms, cancellationToken);
            owner.Messages.Enqueue(new Received(message, transaction.To.Select(t => t.AsAddress()).ToList(),
                context.Authentication.IsAuthenticated ? context.Authentication.User : null, context.Pipe.IsSecure));
            return SmtpResponse.Ok;
        }
    }

    private sealed class Filter(TestSmtpServer owner) : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) => Task.FromResult(true);

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            Task.FromResult(!owner.RejectedRecipients.Contains(to.AsAddress()));
    }

    public async ValueTask DisposeAsync()
    {
        _server.Shutdown();
        await _stop.CancelAsync();
        try
        {
            await _running.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
        Certificate?.Dispose();
    }
}
