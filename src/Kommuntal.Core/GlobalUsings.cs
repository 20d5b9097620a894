// Namespaces most files of this project use (docs/conventions.md); a file adds only its own.
global using Kommuntal.Core.Validation;
