using BenchmarkDotNet.Running;
using Kommuntal.Benchmarks.NationalRun;

// `national-run [--iterations N]`: the scripted national-run benchmark against Azurite
// (scripts/bench-national-run.sh); anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "national-run")
    return await NationalRunBenchmark.RunAsync(args[1..]);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
