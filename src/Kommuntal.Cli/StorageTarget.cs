namespace Kommuntal.Cli;

/// <summary>
/// Which storage a command uses: Azurite or another account by connection string (<c>--storage</c>,
/// else <c>KOMMUNTAL_STORAGE</c>), or an Azure account by name with Entra ID (<c>--account</c>, else
/// <c>KOMMUNTAL_STORAGE_ACCOUNT</c>): the same <c>Storage:AccountName</c> setting the Functions app
/// uses with its managed identity, so <see cref="Kommuntal.Infrastructure.Storage.StorageClients"/>
/// builds the endpoints <c>https://NAME.table.core.windows.net</c> and <c>https://NAME.blob.core.windows.net</c>
/// with <c>DefaultAzureCredential</c> (az login, azd auth login, a service principal in the
/// environment, a managed identity). No connection string and no key. The default is Azurite.
/// </summary>
public static class StorageTarget
{
    public const string ConnectionStringVariable = "KOMMUNTAL_STORAGE", AccountVariable = "KOMMUNTAL_STORAGE_ACCOUNT";
    public const string Development = "UseDevelopmentStorage=true";

    /// <summary>
    /// The storage settings for the options given (null: not given), reading the environment through
    /// <paramref name="environment"/>. An option on the command line wins over the environment; both
    /// kinds at once (on the command line, or in the environment) are refused, as is a name that
    /// cannot be a storage account (3 to 24 lowercase letters and digits).
    /// </summary>
    public static Dictionary<string, string?> Resolve(string? storage, string? account, Func<string, string?> environment)
    {
        if (storage is not null && account is not null)
            throw Refused("--account", "both-storage-options",
                "Ange antingen --storage (anslutningssträng) eller --account (kontonamn), inte båda.",
                "Pass either --storage (a connection string) or --account (an account name), not both.");
        if (storage is null && account is null)
        {
            var fromConnection = NonEmpty(environment(ConnectionStringVariable));
            var fromAccount = NonEmpty(environment(AccountVariable));
            if (fromConnection is not null && fromAccount is not null)
                throw Refused(AccountVariable, "both-storage-options",
                    $"Både {ConnectionStringVariable} och {AccountVariable} är satta; ta bort den ena eller ange --storage eller --account.",
                    $"Both {ConnectionStringVariable} and {AccountVariable} are set; unset one, or pass --storage or --account.");
            (storage, account) = (fromConnection, fromAccount);
        }
        if (account is not null)
        {
            account = account.Trim();
            if (account.Length is < 3 or > 24 || !account.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9'))
                throw Refused("--account", "invalid-account-name",
                    $"'{Shown(account)}' är inte ett namn på ett lagringskonto (3–24 gemena bokstäver och siffror, t.ex. stprod3k2j...).",
                    $"'{Shown(account)}' is not a storage account name (3 to 24 lowercase letters and digits, e.g. stprod3k2j...).");
            return new() { ["Storage:AccountName"] = account, ["Storage:ConnectionString"] = null, ["Storage:PublicContainerAccess"] = "false" };
        }
        return new() { ["Storage:ConnectionString"] = storage ?? Development, ["Storage:PublicContainerAccess"] = "true" };
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static string Shown(string value) => value.Length > 40 ? value[..40] + "…" : value;

    private static ValidationFailedException Refused(string field, string code, string sv, string en) =>
        new([new ValidationProblem("command line", null, field, code, sv, en)]);
}
