namespace Kommuntal.Testing;

/// <summary>Fixed, public stand-ins for the secrets a host requires in Azure; for test hosts only.</summary>
public static class TestSecrets
{
    /// <summary>
    /// <c>Kommuntal:Web:AntiforgeryKey</c> for a test host that must pass the Azure start-up checks: base64
    /// of 32 zero bytes (the least the portal accepts). Never a real deployment's key.
    /// </summary>
    public const string AntiforgeryKey = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
}
