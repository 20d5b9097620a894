namespace Kommuntal.Infrastructure.Storage;

/// <summary>
/// Where the data lives, bound from the "Storage" configuration section. Locally a connection
/// string (Azurite); in Azure the account name with the app's managed identity (no keys).
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Connection string, e.g. "UseDevelopmentStorage=true" for Azurite. Only for local use.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Storage account name; with no connection string, endpoints are derived and DefaultAzureCredential is used.</summary>
    public string? AccountName { get; set; }

    /// <summary>Prefix for every table and container name (letters and digits), so tests and environments can share an account.</summary>
    public string Prefix { get; set; } = "";

    /// <summary>
    /// Give the published container anonymous read access (Azurite only: lets a browser open the
    /// public page straight from the blob endpoint). In Azure public access is disabled and the
    /// Function App serves the page and documents.
    /// </summary>
    public bool PublicContainerAccess { get; set; }

    public string QuotasTable => Prefix + "quotas";
    public string CountyYearsTable => Prefix + "countyyears";
    public string InputsTable => Prefix + "inputs";
    public string RecipientsTable => Prefix + "recipients";
    public string PublishedContainer => (Prefix + "published").ToLowerInvariant();
    public string InboxContainer => (Prefix + "inbox").ToLowerInvariant();
}
