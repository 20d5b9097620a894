namespace Kommuntal.Core.Quotas;

/// <summary>One county's number (länstal) in a national quota.</summary>
public sealed record CountyQuota(string CountyCode, string CountyName, int Lanstal);

/// <summary>
/// The government's national number for a year and its split into the 21 county numbers
/// (the annex "Förteckning över länstal YYYY" of förordning 2016:40).
/// </summary>
/// <param name="StatuteReference">The amending statute, e.g. "SFS 2021:870", when the file names it.</param>
public sealed record NationalQuota(int Year, int Total, IReadOnlyList<CountyQuota> Counties, string? StatuteReference)
{
    public CountyQuota? For(string countyCode) => Counties.FirstOrDefault(c => c.CountyCode == countyCode);
}
