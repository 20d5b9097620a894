// Namespaces most files of this project use (docs/conventions.md); a file adds only its own.
global using System.CommandLine;
global using Kommuntal.Application.Services;
global using Kommuntal.Core.Reference;
global using Kommuntal.Core.Text;
global using Microsoft.Extensions.DependencyInjection;
