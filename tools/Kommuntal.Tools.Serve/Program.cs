using Kommuntal.Tools.Serve;

return await ServeCommand.RunAsync(args, Console.Out, Console.Error);
