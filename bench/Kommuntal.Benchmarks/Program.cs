using BenchmarkDotNet.Running;
using Kommuntal.Benchmarks.Adversarial;
using Kommuntal.Benchmarks.NationalRun;

// `national-run [--iterations N]`: the scripted national-run benchmark against Azurite
// (scripts/bench-national-run.sh); anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "national-run")
    return await NationalRunBenchmark.RunAsync(args[1..]);
// `adversarial [--iterations N]`: the adversarial corpus through every door (scripts/bench-adversarial.sh).
if (args.Length > 0 && args[0] == "adversarial")
    return await AdversarialBenchmark.RunAsync(args[1..]);
BenchmarkSwitcher.FromAssembly(typeof(NationalRunBenchmark).Assembly).Run(args);
return 0;
