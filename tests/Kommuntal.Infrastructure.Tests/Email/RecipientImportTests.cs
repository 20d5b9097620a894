using Kommuntal.Application.Ports;
using Kommuntal.Application.Services;
using Kommuntal.Core.Ingestion;
using Kommuntal.Core.Notifications;
using Kommuntal.Core.Reference;
using Kommuntal.Core.Validation;
using Kommuntal.Testing;
using static Kommuntal.Infrastructure.Tests.Email.EmailTestSupport;

namespace Kommuntal.Infrastructure.Tests.Email;

public class RecipientImportTests
{
    private static InputFile File(string text) => InputFile.FromText("mottagare.csv", text);

    [Fact]
    public void Every_problem_in_a_recipient_file_is_named_by_file_line_and_field()
    {
        var parser = new RecipientFileParser(ReferenceData.Bundled);
        var ex = Assert.Throws<ValidationFailedException>(() => parser.Parse(File(
            "# Källa: kommunernas registratorer\n"
            + "kommunkod;kommun;e-post\n"
            + "1880;Örebro;kommun@orebro.se\n"
            + "9999;Ingenstans;kommun@ingenstans.se\n"
            + "1860;Kumla;kommun@laxa.se\n"
            + "1814;Lekeberg;information.lekeberg@@lekeberg.se\n"
            + "1880;Örebro kommun;KOMMUN@orebro.se\n"
            + "1885;Lindesberg;\n")));
        var lines = ex.Problems.Select(p => p.ToString()).ToList();
        Assert.Contains("mottagare.csv:4: field 'municipality_code': Unknown municipality code '9999'. [unknown-municipality]", lines);
        Assert.Contains("mottagare.csv:5: field 'municipality_name': Municipality code 1860 is Laxå, not 'Kumla'. [name-mismatch]", lines);
        Assert.Contains(lines, l => l.StartsWith("mottagare.csv:6: field 'email': 'information.lekeberg@@lekeberg.se' is not a valid e-mail address", StringComparison.Ordinal));
        Assert.Contains("mottagare.csv:7: field 'email': KOMMUN@orebro.se for Örebro is already on line 3. [duplicate-address]", lines);
        Assert.Contains("mottagare.csv:8: field 'email': The e-mail address is missing. [missing-value]", lines);
        Assert.Equal(5, ex.Problems.Count);
    }

    [Fact]
    public void The_bundled_recipient_file_is_valid_in_the_import_format()
    {
        var text = new StreamReader(typeof(ReferenceData).Assembly.GetManifestResourceStream("Kommuntal.ReferenceData.recipients-orebro-lan.csv")!).ReadToEnd();
        var list = new RecipientFileParser(ReferenceData.Bundled).Parse(File(text));
        Assert.Equal(OrebroAddresses.Order(), list.Select(r => r.Email).Order());
    }

    [Fact]
    public async Task An_imported_list_is_stored_as_a_version_preferred_over_the_bundled_one_and_used_by_the_next_publication()
    {
        await using var host = new TestHost();
        var directory = host.Get<IRecipientDirectory>();
        Assert.Equal(12, (await directory.GetAsync("18", default)).Count); // bundled
        var import = host.Get<RecipientImportService>();

        var results = await import.ImportAsync(File(
            "municipality_code,municipality_name,email\n"
            + "1880,Örebro,registrator@orebro.se\n"
            + "1880,Örebro,kommun@orebro.se\n"
            + "1860,Laxå,kommun@laxa.se\n"
            + "0180,Stockholm,registrator@stockholm.se\n"), "coordinator", default);

        Assert.Equal([("01", 1, true), ("18", 1, true)], results.Select(r => (r.County.Code, r.Version.Version, r.Created)));
        Assert.Equal(["kommun@laxa.se", "kommun@orebro.se", "registrator@orebro.se"], (await directory.GetAsync("18", default)).Select(r => r.Email).Order());
        Assert.Equal(["registrator@stockholm.se"], (await directory.GetAsync("01", default)).Select(r => r.Email));
        Assert.Empty(await directory.GetAsync("03", default));

        var same = await import.ImportAsync(File("kommunkod;e-post\n1860;kommun@laxa.se\n1880;kommun@orebro.se\n1880;registrator@orebro.se\n"), "coordinator", default);
        Assert.Equal(("18", 1, false), (same.Single().County.Code, same.Single().Version.Version, same.Single().Created));
        var stored = await host.Get<IRecipientStore>().GetCurrentAsync("18", default);
        Assert.Equal(("mottagare.csv", "coordinator"), (stored!.Source.FileName, stored.Source.ImportedBy));

        var publication = await PublishOrebroAsync(host);
        Assert.Equal(["kommun@laxa.se", "kommun@orebro.se", "registrator@orebro.se"], publication.Queued.Select(q => q.RecipientEmail).Order());
        Assert.Equal(10, publication.WithoutAddress.Count);
    }

    [Fact]
    public async Task A_rejected_file_stores_nothing()
    {
        await using var host = new TestHost();
        await Assert.ThrowsAsync<ValidationFailedException>(() => host.Get<RecipientImportService>().ImportAsync(File("kommunkod;e-post\n1880;kommun@orebro.se\n1860;nej\n"), "x", default));
        Assert.Null(await host.Get<IRecipientStore>().GetCurrentAsync("18", default));
    }

    [Fact]
    public async Task Every_countys_current_list_is_one_query_with_the_bundled_list_where_none_was_imported()
    {
        await using var host = new TestHost();
        var import = host.Get<RecipientImportService>();
        await import.ImportAsync(File("kommunkod;e-post\n1880;kommun@orebro.se\n0180;registrator@stockholm.se\n"), "coordinator", default);
        await import.ImportAsync(File("kommunkod;e-post\n1880;registrator@orebro.se\n1860;kommun@laxa.se\n"), "coordinator", default); // 18: version 2
        // A head row as written before it carried a copy of its version: followed to the version row.
        var table = host.Get<Kommuntal.Infrastructure.Storage.StorageClients>().Recipients;
        var head = (await table.GetEntityAsync<Azure.Data.Tables.TableEntity>("01", "head")).Value;
        await table.UpsertEntityAsync(new Azure.Data.Tables.TableEntity("01", "head") { ["EntityType"] = "head", ["CurrentVersion"] = head.GetInt32("CurrentVersion") },
            Azure.Data.Tables.TableUpdateMode.Replace);

        var directory = host.Get<IRecipientDirectory>();
        var all = await directory.GetAllAsync(default);

        Assert.Equal(ReferenceData.Bundled.Counties.Select(c => c.Code), all.Keys.Order());
        foreach (var county in ReferenceData.Bundled.Counties)
            Assert.Equal((await directory.GetAsync(county.Code, default)).Select(r => r.Email), all[county.Code].Select(r => r.Email));
        Assert.Equal(["kommun@laxa.se", "registrator@orebro.se"], all["18"].Select(r => r.Email).Order());
        Assert.Equal(["registrator@stockholm.se"], all["01"].Select(r => r.Email));
        Assert.Empty(all["03"]);
        var stored = await host.Get<IRecipientStore>().GetAllCurrentAsync(default);
        Assert.Equal([("01", 1), ("18", 2)], stored.Select(kv => (kv.Key, kv.Value.Version)).Order());
    }
}
