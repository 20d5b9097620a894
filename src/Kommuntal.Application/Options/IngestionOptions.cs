using Kommuntal.Core.Ingestion;

namespace Kommuntal.Application.Options;

/// <summary>Input file settings, bound from "Kommuntal:Ingestion".</summary>
public sealed class IngestionOptions
{
    public const string Section = "Kommuntal:Ingestion";

    /// <summary>Files larger than this are refused before they are read (HTTP, inbox and CLI alike).</summary>
    public long MaxFileBytes { get; set; } = IngestionRules.DefaultMaxFileBytes;

    /// <summary>How long the inbox holds a blob lease while it imports the file (15–60 s, Azure's range for finite leases).</summary>
    public int InboxLeaseSeconds { get; set; } = 60;

    /// <summary>At most this many inbox files per timer run (the rest wait for the next run).</summary>
    public int InboxMaxFilesPerRun { get; set; } = 100;

    /// <summary>
    /// The budgets of reading one file (zip entries and ratio, unpacked bytes, XML nesting, cell and
    /// line length, rows, cells, characters, JSON depth and tokens, problems reported), bound from
    /// "Kommuntal:Ingestion:Limits"; defaults in <see cref="IngestionLimits"/> and README ("File formats").
    /// </summary>
    public IngestionLimits Limits { get; set; } = new();

    /// <summary>
    /// The budgets for reading <paramref name="file"/>, given only once its size is within
    /// <see cref="MaxFileBytes"/>: every import reads its file through this, so none can skip the check.
    /// </summary>
    public IngestionLimits Admit(InputFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        IngestionRules.EnsureSize(file, MaxFileBytes);
        return Limits;
    }
}
