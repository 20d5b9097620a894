using Kommuntal.Testing;

namespace Kommuntal.Core.Tests.Ingestion;

/// <summary>The committed .xlsx files under tests/data are what their generators (XlsxFixtures) produce, cell by cell.</summary>
public class XlsxFixtureTests
{
    public static TheoryData<string> Fixtures => new(XlsxFixtures.All.Keys);

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void A_committed_workbook_matches_its_generator(string path)
    {
        var generated = XlsxFixtures.All[path]();
        var file = Samples.Path(path.Split('/'));
        if (Environment.GetEnvironmentVariable("KOMMUNTAL_WRITE_FIXTURES") == "1") File.WriteAllBytes(file, generated);
        Assert.True(File.Exists(file), $"{path} is missing; run this test with KOMMUNTAL_WRITE_FIXTURES=1 to write it.");
        Assert.Equal(XlsxWriter.Cells(generated), XlsxWriter.Cells(File.ReadAllBytes(file)));
    }
}
