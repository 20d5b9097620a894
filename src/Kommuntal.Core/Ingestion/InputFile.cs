namespace Kommuntal.Core.Ingestion;

/// <summary>An uploaded file as received: its name (for messages and versioning) and its bytes.</summary>
public sealed record InputFile(string Name, byte[] Content)
{
    public static InputFile FromText(string name, string text) => new(name, System.Text.Encoding.UTF8.GetBytes(text));
}
