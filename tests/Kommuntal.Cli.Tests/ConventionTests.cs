using Kommuntal.Testing;

namespace Kommuntal.Cli.Tests;

public class ConventionTests
{
    [Fact]
    public void A_cancellation_token_is_the_last_parameter_everywhere_in_the_command_line()
    {
        var found = Conventions.TokenNotLast(typeof(KommuntalCli).Assembly);
        var offenders = found.Where(f => !Conventions.TokenNotLastYet.Contains(f[..f.IndexOf('(', StringComparison.Ordinal)])).ToList();
        Assert.True(offenders.Count == 0, $"the CancellationToken is not last in\n{string.Join("\n", offenders)}");
    }
}
