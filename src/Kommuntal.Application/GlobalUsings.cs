// Namespaces most files of this project use (docs/conventions.md); a file adds only its own.
global using Kommuntal.Application.Options;
global using Kommuntal.Application.Ports;
global using Kommuntal.Core.Lifecycle;
global using Kommuntal.Core.Reference;
global using Microsoft.Extensions.Logging;
global using Microsoft.Extensions.Options;
