using Kommuntal.Testing;

namespace Kommuntal.Cli.Tests;

public class ConventionTests
{
    [Fact]
    public void A_cancellation_token_is_the_last_parameter_everywhere_in_the_command_line() =>
        Assert.Null(Conventions.TokenNotLastFailure(typeof(KommuntalCli).Assembly));
}
