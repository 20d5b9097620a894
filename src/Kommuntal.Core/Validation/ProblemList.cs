namespace Kommuntal.Core.Validation;

/// <summary>Collects problems for one file; parsers add to it and throw once at the end.</summary>
public sealed class ProblemList(string file)
{
    private readonly List<ValidationProblem> _problems = [];

    public string File { get; } = file;
    public IReadOnlyList<ValidationProblem> Problems => _problems;
    public bool Any => _problems.Count > 0;

    public void Add(int? line, string? field, string code, string sv, string en, string? cell = null) =>
        _problems.Add(new ValidationProblem(File, line, field, code, sv, en, cell));

    public void Add(ValidationProblem problem) => _problems.Add(problem);

    public void ThrowIfAny()
    {
        if (_problems.Count > 0) throw new ValidationFailedException(_problems.ToList());
    }
}
