using Kommuntal.Core.Allocation;
using Kommuntal.Core.Ingestion;
using Kommuntal.Core.Validation;
using Kommuntal.Testing;

namespace Kommuntal.Core.Tests.Allocation;

public class ModelParametersJsonTests
{
    private static ModelParameters Parse(string json) => ModelParametersJson.Parse(InputFile.FromText("params.json", json));

    private static ValidationProblem Single(string json) => Assert.Single(Assert.Throws<ValidationFailedException>(() => Parse(json)).Problems);

    [Fact]
    public void The_default_parameters_written_and_read_back_are_the_defaults()
    {
        var text = ModelParametersJson.Write(ModelParameters.Default);
        Assert.Contains("\"weights\": {", text);
        Assert.Contains("\"method\": \"largest-remainder\"", text);
        Assert.Equal(ModelParameters.Default, Parse(text));
    }

    [Fact]
    public void A_full_file_is_read_with_every_key()
    {
        var p = Parse("""
            {
              // comments are allowed
              "version": "orebro-2023.1",
              "weights": { "labour": 0.5, "population": 0.3, "reception": 0.2 },
              "compensatingReception": false,
              "netSelfSettled": false,
              "floorAtZero": false,
              "method": "sainte-lague"
            }
            """);
        Assert.Equal(new ModelParameters
        {
            Version = "orebro-2023.1", LabourWeight = 0.5, PopulationWeight = 0.3, ReceptionWeight = 0.2,
            CompensatingReception = false, NetSelfSettled = false, FloorAtZero = false, Method = ApportionmentMethod.SainteLague,
        }, p);
    }

    [Fact]
    public void Omitted_keys_take_the_defaults_and_an_omitted_factor_weighs_zero_Swedish_factor_names_accepted()
    {
        var p = Parse("""{"version":"v2","weights":{"befolkning":0.65,"mottagande":0.35},"method":"dhondt"}""");
        Assert.Equal((0.0, 0.65, 0.35), (p.LabourWeight, p.PopulationWeight, p.ReceptionWeight));
        Assert.Equal(ApportionmentMethod.DHondt, p.Method);
        Assert.True(p.CompensatingReception && p.NetSelfSettled && p.FloorAtZero);
        var sample = ModelParametersJson.Parse(Samples.File("tests", "data", "allocation", "parameters-population-reception.json"));
        Assert.Equal("example-population-reception-1", sample.Version);
        Assert.False(sample.NetSelfSettled);
    }

    [Fact]
    public void Weights_that_do_not_sum_to_one_are_an_error()
    {
        var p = Single("""{"version":"v","weights":{"labour":0.43,"population":0.37,"reception":0.3}}""");
        Assert.Equal("weights-do-not-sum-to-one", p.Code);
        Assert.Equal("params.json: field 'weights': The weights sum to 1.1 (labour 0.43 + population 0.37 + reception 0.3), not 1. [weights-do-not-sum-to-one]", p.ToString());
        Assert.Equal("Vikterna summerar till 1.1 (labour 0.43 + population 0.37 + reception 0.3), inte 1.", p.MessageSv);
        // Hand-written thirds are accepted within the tolerance.
        Assert.Equal(0.333333333333, Parse("""{"version":"v","weights":{"labour":0.333333333333,"population":0.333333333333,"reception":0.333333333334}}""").LabourWeight);
    }

    [Fact]
    public void A_negative_weight_is_an_error()
    {
        var p = Single("""{"version":"v","weights":{"labour":1.2,"population":-0.2}}""");
        Assert.Equal(("negative-weight", "weights.population", "The weight -0.2 is negative."), (p.Code, p.Field, p.MessageEn));
    }

    [Fact]
    public void Unknown_factors_and_keys_are_errors()
    {
        var ex = Assert.Throws<ValidationFailedException>(() => Parse("""{"version":"v","weights":{"housing":1},"rounding":"hamilton"}"""));
        Assert.Equal(["unknown-factor", "unknown-key"], ex.Problems.Select(p => p.Code));
        Assert.Equal("Unknown factor 'housing' (allowed: labour, population, reception).", ex.Problems[0].MessageEn);
        Assert.Equal("Unknown key 'rounding' (allowed: version, weights, compensatingReception, netSelfSettled, floorAtZero, method).", ex.Problems[1].MessageEn);
        Assert.Equal("Okänd nyckel 'rounding' (tillåtna: version, weights, compensatingReception, netSelfSettled, floorAtZero, method).", ex.Problems[1].MessageSv);
    }

    [Fact]
    public void Wrong_types_duplicates_a_missing_version_and_bad_JSON_are_errors()
    {
        Assert.Equal("missing-version", Single("""{"weights":{"population":1}}""").Code);
        Assert.Equal("not-a-boolean", Single("""{"version":"v","floorAtZero":"yes"}""").Code);
        Assert.Equal("unknown-method", Single("""{"version":"v","method":"hare"}""").Code);
        Assert.Equal("not-a-number", Single("""{"version":"v","weights":{"population":"1"}}""").Code);
        Assert.Equal("duplicate-key", Single("""{"version":"v","version":"w"}""").Code);
        Assert.Equal("not-an-object", Single("""[1,2]""").Code);
        var bad = Single("{\n\"version\": \"v\",\n\"weights\": {\n");
        Assert.Equal("invalid-json", bad.Code);
        Assert.NotNull(bad.Line);
        Assert.Equal("empty-file", Single("  ").Code);
    }
}
