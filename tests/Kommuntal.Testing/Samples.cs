using Kommuntal.Core.Ingestion;

namespace Kommuntal.Testing;

/// <summary>Files under the repository's samples/ and tests/ folders (real public data, see samples/README.md).</summary>
public static class Samples
{
    public static string RepoRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "Kommuntal.Functions.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Repository root (Kommuntal.Functions.sln) not found above " + AppContext.BaseDirectory);
    }

    public static string Path(params string[] parts) => System.IO.Path.Combine([RepoRoot, .. parts]);

    public static InputFile File(params string[] parts)
    {
        var p = Path(parts);
        return new InputFile(System.IO.Path.GetFileName(p), System.IO.File.ReadAllBytes(p));
    }

    public static InputFile Quota2022Csv => File("samples", "2022", "lanstal-2022.csv");
}
