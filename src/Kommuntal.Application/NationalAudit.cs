namespace Kommuntal.Application;

/// <summary>
/// The audit trail of what concerns the whole country in a year rather than one county: quota and
/// indicator imports, refused requests without a county. Stored like a county-year's trail, under
/// county code "00" (partition "{year}-00"); <c>kommuntal audit --year Y --county 00</c> reads it.
/// </summary>
public static class NationalAudit
{
    public const string CountyCode = "00";
}
