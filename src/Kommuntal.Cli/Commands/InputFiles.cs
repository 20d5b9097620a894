using Kommuntal.Application.Options;
using Microsoft.Extensions.Options;

namespace Kommuntal.Cli;

/// <summary>Reads an input file for the import commands, refusing one over the size limit before reading it.</summary>
internal static class InputFiles
{
    public static async Task<InputFile> ReadAsync(FileInfo file, IServiceProvider services, CancellationToken ct)
    {
        if (!file.Exists)
            throw new ValidationFailedException([new ValidationProblem(file.Name, null, null, "file-not-found",
                $"Filen {file.FullName} finns inte.", $"The file {file.FullName} does not exist.")]);
        var max = services.GetRequiredService<IOptions<IngestionOptions>>().Value.MaxFileBytes;
        if (file.Length > max) throw new ValidationFailedException([IngestionRules.TooLarge(file.Name, file.Length, max)]);
        return new InputFile(file.Name, await File.ReadAllBytesAsync(file.FullName, ct));
    }

    /// <summary>Who runs the command, for the version's "uploaded by".</summary>
    public static string Actor => Environment.UserName is { Length: > 0 } u ? u : "cli";
}
