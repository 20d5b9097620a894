namespace Kommuntal.Infrastructure.Storage.Entities;

/// <summary>
/// The columns the head row of every stored input version carries in the table "inputs"
/// (indicators, wishes, andelstal, andelstal requests, follow-up statistics): its type, its version
/// and the file it came from.
/// </summary>
internal static class InputVersionEntity
{
    /// <summary>Sets the type, the version and the source's columns on <paramref name="e"/>, and returns it.</summary>
    public static TableEntity Describe(TableEntity e, string type, int version, InputSource source)
    {
        e["EntityType"] = type;
        e["Version"] = version;
        e["SourceFileName"] = source.FileName;
        e["Sha256"] = source.Sha256;
        e["UploadedBy"] = source.UploadedBy;
        e["UploadedAt"] = source.UploadedAt;
        e["Format"] = source.Format;
        return e;
    }

    /// <summary>The file a stored version came from.</summary>
    public static InputSource SourceOf(TableEntity e) =>
        new(e.GetString("SourceFileName"), e.GetString("Sha256"), e.GetString("UploadedBy"), e.GetDateTimeOffset("UploadedAt")!.Value, e.GetString("Format") ?? "");
}
