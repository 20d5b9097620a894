namespace Kommuntal.Infrastructure.Email;

/// <summary>
/// The default sender when nothing is configured: writes each message as a MIME .eml file named
/// by its Operation-Id into a directory. Writing is idempotent: a message already in the outbox is
/// not written again, so a retried or repeated run leaves exactly one file per message.
/// </summary>
public sealed class LocalOutboxSender(string directory) : IEmailSender
{
    public string Name => "local-outbox";
    public string Directory { get; } = Path.GetFullPath(directory);

    public async Task<SendOutcome> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var target = Path.Combine(Directory, email.OperationId + ".eml");
        if (File.Exists(target)) return new SendOutcome("AlreadyWritten", Final: true);
        var temp = Path.Combine(Directory, $".{email.OperationId}.{Guid.NewGuid():N}.tmp");
        var message = MimeMessageFactory.Create(email, "kommuntal.local");
        await using (var stream = File.Create(temp))
            await message.WriteToAsync(stream, cancellationToken);
        try
        {
            File.Move(temp, target, overwrite: false); // atomic: a reader sees the whole file or none
        }
        catch (IOException) when (File.Exists(target))
        {
            File.Delete(temp); // written concurrently by another run: keep the first
            return new SendOutcome("AlreadyWritten", Final: true);
        }
        return new SendOutcome("Written", Final: true);
    }
}
