namespace Kommuntal.Testing;

/// <summary>
/// The Azurite instance the test scripts start (scripts/test.sh exports KOMMUNTAL_TEST_STORAGE).
/// Tests never mock the Azure SDKs: they talk to this real emulator, each with its own table and
/// container prefix so they do not see each other's data.
/// </summary>
public static class TestStorage
{
    public const string Variable = "KOMMUNTAL_TEST_STORAGE";

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException(
                $"{Variable} is not set. Run the tests with scripts/test.sh (it starts Azurite), or start Azurite and set {Variable} to its connection string.");

    /// <summary>A fresh prefix (letters and digits) for table and container names.</summary>
    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..10];
}
