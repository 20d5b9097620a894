using Kommuntal.Cli;

return await KommuntalCli.RunAsync(args, Console.Out, Console.Error);
