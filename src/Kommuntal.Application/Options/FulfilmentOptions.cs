namespace Kommuntal.Application.Options;

/// <summary>Following the year (issue 19), bound from "Kommuntal:Fulfilment".</summary>
public sealed class FulfilmentOptions
{
    public const string Section = "Kommuntal:Fulfilment";

    /// <summary>
    /// The monthly e-mail names a municipality when it has received more than this many percent
    /// less than its pro-rata expectation for the period (20: fewer than 80 % of the expected).
    /// </summary>
    public int BehindThresholdPercent { get; set; } = 20;

    /// <summary>
    /// Carry-over (a policy choice, off by default): year Y's unfulfilled places are shown as
    /// information beside the model in year Y+1's proposal. They never change the model's numbers.
    /// </summary>
    public bool ShowCarryOver { get; set; }
}
