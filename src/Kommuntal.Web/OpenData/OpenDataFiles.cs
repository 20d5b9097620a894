using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Kommuntal.Application.PublicSite;

namespace Kommuntal.Web.OpenData;

/// <summary>The formats of the open data; each file's name names the year and the format.</summary>
public enum OpenDataFormat { Csv, ExcelCsv, Xlsx, Json }

/// <summary>A data file: its name ("kommuntal-2022.csv"), year and format.</summary>
public sealed record OpenDataFile(int Year, OpenDataFormat Format)
{
    public string Name => $"kommuntal-{Year.ToString(CultureInfo.InvariantCulture)}{Format switch
    {
        OpenDataFormat.Csv => ".csv",
        OpenDataFormat.ExcelCsv => "-excel.csv",
        OpenDataFormat.Xlsx => ".xlsx",
        _ => ".json",
    }}";

    public string ContentType => Format switch
    {
        OpenDataFormat.Csv or OpenDataFormat.ExcelCsv => "text/csv; charset=utf-8",
        OpenDataFormat.Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/json; charset=utf-8",
    };

    public string Href => Routes.Public.DataFile(Name);

    /// <summary>"kommuntal-2022-excel.csv" → (2022, ExcelCsv); null for any other name.</summary>
    public static OpenDataFile? Parse(string name)
    {
        if (!name.StartsWith("kommuntal-", StringComparison.Ordinal) || name.Length < 14) return null;
        if (!int.TryParse(name.AsSpan(10, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)) return null;
        var file = name[14..] switch
        {
            ".csv" => new OpenDataFile(year, OpenDataFormat.Csv),
            "-excel.csv" => new OpenDataFile(year, OpenDataFormat.ExcelCsv),
            ".xlsx" => new OpenDataFile(year, OpenDataFormat.Xlsx),
            ".json" => new OpenDataFile(year, OpenDataFormat.Json),
            _ => null,
        };
        return file;
    }

    public static IReadOnlyList<OpenDataFile> For(int year) =>
        [new(year, OpenDataFormat.ExcelCsv), new(year, OpenDataFormat.Csv), new(year, OpenDataFormat.Xlsx), new(year, OpenDataFormat.Json)];
}

/// <summary>
/// Writes a year's decided kommuntal (<see cref="OpenDataRow"/>) as CSV for Excel in Swedish
/// (UTF-8 with a byte order mark, ";", decimal comma), plain CSV (UTF-8, ",", decimal point, RFC 4180),
/// XLSX (numbers as numbers; DocumentFormat.OpenXml) and JSON. The columns: <see cref="Columns"/>
/// (docs: the data dictionary on the open-data page). <c>andelstal</c> is empty when the decision has no shares on record.
/// </summary>
public static class OpenDataWriter
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "ar", "lanskod", "lan", "lanstal", "kommunkod", "kommun", "kommuntal", "andelstal",
        "beslutsdatum", "diarienummer", "beslutsversion", "beslut_url", "beslut_sha256",
    ];

    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    public static byte[] Write(OpenDataFile file, IReadOnlyList<OpenDataRow> rows) => file.Format switch
    {
        OpenDataFormat.Csv => Csv(rows, ',', CultureInfo.InvariantCulture, bom: false),
        OpenDataFormat.ExcelCsv => Csv(rows, ';', CultureInfo.GetCultureInfo("sv-SE"), bom: true),
        OpenDataFormat.Xlsx => Xlsx(file.Year, rows),
        _ => Json(file.Year, rows),
    };

    /// <summary>A row's values in column order (numbers and dates as invariant text).</summary>
    private static object?[] Values(OpenDataRow r) =>
    [
        r.Year, r.CountyCode, r.CountyName, r.Lanstal, r.MunicipalityCode, r.MunicipalityName, r.Kommuntal, r.Andelstal,
        r.DecisionDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.Diarienummer, r.DecisionVersion,
        Routes.Public.File(r.DocumentPath), r.DocumentSha256,
    ];

    private static byte[] Csv(IReadOnlyList<OpenDataRow> rows, char separator, CultureInfo numbers, bool bom)
    {
        var sb = new StringBuilder(256 + rows.Count * 160);
        sb.AppendJoin(separator, Columns).Append("\r\n");
        foreach (var row in rows)
        {
            var values = Values(row);
            for (var i = 0; i < values.Length; i++)
            {
                if (i > 0) sb.Append(separator);
                var text = values[i] switch
                {
                    null => "",
                    decimal d => d.ToString(numbers),
                    IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                    // A text that a spreadsheet would read as a formula (OWASP "CSV injection") gets a leading apostrophe.
                    string t when t.Length > 0 && "=+-@\t\r".Contains(t[0], StringComparison.Ordinal) => "'" + t,
                    var o => o.ToString() ?? "",
                };
                sb.Append(Quote(text, separator));
            }
            sb.Append("\r\n");
        }
        var body = Encoding.UTF8.GetBytes(sb.ToString());
        return bom ? [.. Encoding.UTF8.Preamble, .. body] : body;
    }

    private static string Quote(string text, char separator) =>
        text.IndexOfAny([separator, '"', '\r', '\n']) < 0 ? text : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static byte[] Json(int year, IReadOnlyList<OpenDataRow> rows)
    {
        var document = new Dictionary<string, object?>
        {
            ["ar"] = year,
            ["beskrivning"] = "Beslutade kommuntal (gällande beslut) för " + year.ToString(CultureInfo.InvariantCulture) + ". Fälten beskrivs på " + Routes.Public.OpenData + ".",
            ["licens"] = License.Identifier,
            ["kommuntal"] = rows.Select(r => Columns.Zip(Values(r)).Where(x => x.Second is not null).ToDictionary(x => x.First, x => x.Second)).ToList(),
        };
        return JsonSerializer.SerializeToUtf8Bytes(document, s_json);
    }

    private static byte[] Xlsx(int year, IReadOnlyList<OpenDataRow> rows)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            data.Append(Row(1, Columns.Cast<object?>().ToArray()));
            var index = 2u;
            foreach (var row in rows) data.Append(Row(index++, Values(row)));
            sheetPart.Worksheet = new Worksheet(data);
            var sheets = workbook.Workbook.AppendChild(new Sheets());
            sheets.Append(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = $"Kommuntal {year.ToString(CultureInfo.InvariantCulture)}" });
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }

    private static Row Row(uint index, object?[] values)
    {
        var row = new Row { RowIndex = index };
        for (var i = 0; i < values.Length; i++)
        {
            var reference = ColumnName(i) + index.ToString(CultureInfo.InvariantCulture);
            row.Append(values[i] switch
            {
                null => new Cell { CellReference = reference },
                int n => new Cell { CellReference = reference, DataType = CellValues.Number, CellValue = new CellValue(n) },
                decimal d => new Cell { CellReference = reference, DataType = CellValues.Number, CellValue = new CellValue(d) },
                var o => new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(o.ToString() ?? "")) },
            });
        }
        return row;
    }

    private static string ColumnName(int i) => i < 26 ? ((char)('A' + i)).ToString() : ColumnName(i / 26 - 1) + (char)('A' + i % 26);
}

/// <summary>The licence statement of the open data.</summary>
public static class License
{
    public const string Identifier = "CC0-1.0";
    public const string Url = "https://creativecommons.org/publicdomain/zero/1.0/deed.sv";
}
