namespace Kommuntal.Application;

/// <summary>
/// The year the county boards work on: from July (Swedish time) next year's numbers, before that
/// this year's. The yearly cycle, the reminders and the repair of the published index act on it.
/// </summary>
public static class AllocationYear
{
    public static int At(DateTimeOffset now)
    {
        var local = SwedishFormat.SwedishTime(now);
        return local.Month >= 7 ? local.Year + 1 : local.Year;
    }

    public static int Now(TimeProvider clock) => At(clock.GetUtcNow());
}
