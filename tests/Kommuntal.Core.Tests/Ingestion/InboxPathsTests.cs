using Kommuntal.Core.Ingestion;

namespace Kommuntal.Core.Tests.Ingestion;

public class InboxPathsTests
{
    [Theory]
    [InlineData("quotas/lanstal-2022.csv", InputKind.Quota, null, null, "lanstal-2022.csv")]
    [InlineData("quotas/2022/lanstal.xlsx", InputKind.Quota, 2022, null, "lanstal.xlsx")]
    [InlineData("indicators/2022/folkmangd.csv", InputKind.Indicators, 2022, null, "folkmangd.csv")]
    [InlineData("wishes/2022/18/onskemal.xlsx", InputKind.Wishes, 2022, "18", "onskemal.xlsx")]
    [InlineData("andelstal/2022/andelstal.csv", InputKind.Shares, 2022, null, "andelstal.csv")]
    [InlineData("andelstal-requests/2022/18/begaran.csv", InputKind.ShareRequests, 2022, "18", "begaran.csv")]
    public void Paths_that_follow_the_convention_are_routed(string path, InputKind kind, int? year, string? county, string file)
    {
        Assert.Equal(new InboxRoute(kind, year, county, file), InboxPaths.Parse(path, out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("lanstal-2022.csv")]
    [InlineData("indicators/folkmangd.csv")]
    [InlineData("wishes/2022/onskemal.csv")]
    [InlineData("wishes/2022/Örebro/onskemal.csv")]
    [InlineData("quotas/22/lanstal.csv")]
    public void Other_paths_are_explained(string path)
    {
        Assert.Null(InboxPaths.Parse(path, out var problem));
        Assert.Equal("inbox-path", problem!.Code);
        Assert.Contains("wishes/{year}/{county}/{file}", problem.MessageEn);
    }

    [Fact]
    public void Processed_and_rejected_files_are_done()
    {
        Assert.True(InboxPaths.IsDone("processed/quotas/lanstal-2022.csv"));
        Assert.True(InboxPaths.IsDone("rejected/quotas/x.csv.errors.json"));
        Assert.False(InboxPaths.IsDone("quotas/processed.csv"));
    }
}
