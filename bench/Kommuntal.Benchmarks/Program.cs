using BenchmarkDotNet.Running;
using Kommuntal.Benchmarks.Adversarial;
using Kommuntal.Benchmarks.NationalRun;
using Kommuntal.Benchmarks.PublicReads;

// `national-run [--iterations N]`: the scripted national-run benchmark against Azurite
// (scripts/bench-national-run.sh); anything else but `public-reads` and `adversarial` goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "national-run")
    return await NationalRunBenchmark.RunAsync(args[1..]);
// `public-reads [--iterations N]`: storage requests per public request (scripts/bench-public-reads.sh).
if (args.Length > 0 && args[0] == "public-reads")
    return await PublicReadsBenchmark.RunAsync(args[1..]);
// `adversarial [--iterations N]`: the adversarial corpus through every door (scripts/bench-adversarial.sh).
if (args.Length > 0 && args[0] == "adversarial")
    return await AdversarialBenchmark.RunAsync(args[1..]);
BenchmarkSwitcher.FromAssembly(typeof(NationalRunBenchmark).Assembly).Run(args);
return 0;
