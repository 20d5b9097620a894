using System.IO.Compression;
using Kommuntal.Testing;

namespace Kommuntal.Core.Tests.Ingestion;

/// <summary>
/// The committed files of the adversarial corpus (tests/data/adversarial/) are what the generator
/// makes: the same entries with the same declared sizes and CRC-32 of their data (deflate output
/// may differ between runtimes; the headers and data may not), or the same bytes for text files.
/// KOMMUNTAL_WRITE_FIXTURES=1 writes them again.
/// </summary>
public class AdversarialCorpusFixtureTests
{
    public static TheoryData<string> Committed => new(AdversarialCorpus.All.Where(c => !c.Generated).Select(c => c.File));

    [Theory]
    [MemberData(nameof(Committed))]
    public void A_committed_corpus_file_matches_its_generator(string name)
    {
        var c = AdversarialCorpus.All.Single(x => x.File == name);
        var generated = AdversarialCorpus.Build(name);
        var path = AdversarialCorpus.PathOf(c);
        if (Environment.GetEnvironmentVariable("KOMMUNTAL_WRITE_FIXTURES") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, generated);
        }
        Assert.True(File.Exists(path), $"{name} is missing; run this test with KOMMUNTAL_WRITE_FIXTURES=1 to write it.");
        var committed = File.ReadAllBytes(path);
        if (generated.AsSpan().StartsWith("PK"u8)) Assert.Equal(Entries(generated), Entries(committed));
        else Assert.Equal(generated, committed);
    }

    private static List<(string Name, long Length, uint Crc)> Entries(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return archive.Entries.Select(e => (e.FullName, e.Length, e.Crc32)).ToList();
    }
}
