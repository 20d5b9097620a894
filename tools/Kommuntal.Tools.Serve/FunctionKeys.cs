using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Kommuntal.Tools.Serve;

/// <summary>
/// The keys of the local server, checked as the Functions host checks them: a key in the
/// <c>x-functions-key</c> header or the <c>code</c> query parameter; Function-level routes take the
/// function key or the master key, Admin-level routes (and the admin API) only the master key,
/// Anonymous routes none. Keys are compared in constant time.
/// </summary>
public sealed class FunctionKeys
{
    public const string Header = "x-functions-key";
    public const string Query = "code";
    public const string FunctionKeyVariable = "KOMMUNTAL_FUNCTION_KEY";
    public const string MasterKeyVariable = "KOMMUNTAL_MASTER_KEY";

    private readonly byte[] _functionHash;
    private readonly byte[] _masterHash;

    public FunctionKeys(string? functionKey, string? masterKey)
    {
        FunctionKeyGenerated = string.IsNullOrWhiteSpace(functionKey);
        MasterKeyGenerated = string.IsNullOrWhiteSpace(masterKey);
        FunctionKey = FunctionKeyGenerated ? NewKey() : functionKey!.Trim();
        MasterKey = MasterKeyGenerated ? NewKey() : masterKey!.Trim();
        if (FunctionKey == MasterKey) throw new ServeRefusedException("The function key and the master key must differ.");
        _functionHash = Hash(FunctionKey);
        _masterHash = Hash(MasterKey);
    }

    public string FunctionKey { get; }
    public string MasterKey { get; }
    public bool FunctionKeyGenerated { get; }
    public bool MasterKeyGenerated { get; }

    /// <summary>A random key that can be pasted into a URL as it is (base64url, 256 bits).</summary>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public bool Allows(AuthorizationLevel level, HttpRequest request)
    {
        if (level == AuthorizationLevel.Anonymous) return true;
        var given = request.Headers[Header].FirstOrDefault() is { Length: > 0 } h ? h : request.Query[Query].FirstOrDefault();
        if (string.IsNullOrEmpty(given)) return false;
        var hash = Hash(given);
        var master = CryptographicOperations.FixedTimeEquals(hash, _masterHash);
        // Function (and User) take either key; System and Admin only the master key (the host's system keys are not kept here).
        return level is AuthorizationLevel.Admin or AuthorizationLevel.System ? master : master | CryptographicOperations.FixedTimeEquals(hash, _functionHash);
    }

    /// <summary>Hashing first makes the comparison independent of the given key's length too.</summary>
    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}

/// <summary>The server refuses to start; the message says why.</summary>
public sealed class ServeRefusedException(string message) : Exception(message);
