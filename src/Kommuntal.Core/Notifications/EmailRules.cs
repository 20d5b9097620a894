namespace Kommuntal.Core.Notifications;

/// <summary>
/// Strict checks for what goes into an e-mail's headers: addresses (a plain <c>local@domain</c>,
/// no comments, quotes or display parts) and header texts (no CR, LF or other control characters,
/// so nothing can inject a header). Used on imported recipient files, configuration and every
/// message before it is handed to a sender. Pure.
/// </summary>
public static class EmailRules
{
    private const string LocalSpecials = "!#$%&'*+/=?^_`{|}~-";

    /// <summary>Why <paramref name="address"/> is not an acceptable address, or null when it is.</summary>
    public static string? AddressProblem(string? address)
    {
        if (string.IsNullOrWhiteSpace(address)) return "the address is empty";
        if (address.Length > 254) return "the address is longer than 254 characters";
        if (address.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))) return "the address contains white space or control characters";
        if (Validation.FreeText.FindHidden(address) is { } hidden) return $"the address contains the invisible character {hidden.Notation}";
        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1 || address.IndexOf('@') != at) return "the address must have the form name@domain";
        var local = address[..at];
        var domain = address[(at + 1)..];
        if (local.Length > 64) return "the part before @ is longer than 64 characters";
        if (local.StartsWith('.') || local.EndsWith('.') || local.Contains("..", StringComparison.Ordinal))
            return "the part before @ has a misplaced dot";
        if (local.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '.' || LocalSpecials.Contains(c))))
            return "the part before @ contains characters that are not allowed";
        string ascii;
        try
        {
            ascii = new IdnMapping { UseStd3AsciiRules = true }.GetAscii(domain);
        }
        catch (ArgumentException)
        {
            return "the domain is not a valid host name";
        }
        var labels = ascii.Split('.');
        if (labels.Length < 2) return "the domain must contain a dot";
        if (labels.Any(l => l.Length is 0 or > 63 || l.StartsWith('-') || l.EndsWith('-') || !l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')))
            return "the domain is not a valid host name";
        var tld = labels[^1];
        if (tld.Length < 2 || !(tld.All(char.IsAsciiLetter) || tld.StartsWith("xn--", StringComparison.Ordinal)))
            return "the domain does not end in a valid top-level domain";
        return null;
    }

    public static bool IsValidAddress(string? address) => AddressProblem(address) is null;

    /// <summary>Why a header text (display name, subject) is not acceptable, or null when it is.</summary>
    public static string? HeaderTextProblem(string? text, bool required)
    {
        if (string.IsNullOrWhiteSpace(text)) return required ? "the text is empty" : null;
        if (text.Contains('\r') || text.Contains('\n')) return "the text contains a line break (CR/LF)";
        if (text.Any(char.IsControl)) return "the text contains control characters";
        if (text.Length > 998) return "the text is longer than a header line may be";
        return null;
    }

    /// <summary>Every problem with a message's header fields, each prefixed by the field it is in; empty when all is well.</summary>
    public static IReadOnlyList<string> HeaderProblems(string fromAddress, string? fromName, IEnumerable<(string Address, string? Name)> to, string subject)
    {
        var list = new List<string>();
        if (AddressProblem(fromAddress) is { } f) list.Add($"sender address: {f}");
        if (HeaderTextProblem(fromName, required: false) is { } fn) list.Add($"sender name: {fn}");
        foreach (var (address, name) in to)
        {
            if (AddressProblem(address) is { } a) list.Add($"recipient address '{Printable(address)}': {a}");
            if (HeaderTextProblem(name, required: false) is { } n) list.Add($"recipient name '{Printable(name)}': {n}");
        }
        if (HeaderTextProblem(subject, required: true) is { } s) list.Add($"subject: {s}");
        return list;
    }

    /// <summary>A text with control characters shown as \r, \n or \uXXXX (for messages and logs).</summary>
    public static string Printable(string? text) =>
        string.Concat((text ?? "").Select(c => c switch
        {
            '\r' => "\\r",
            '\n' => "\\n",
            _ when char.IsControl(c) => $"\\u{(int)c:X4}",
            _ => c.ToString(),
        }));
}

/// <summary>HTML escaping for the message bodies: the five markup characters only, so Swedish letters stay readable in the source.</summary>
public static class HtmlText
{
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var sb = new System.Text.StringBuilder(text.Length + 16);
        foreach (var c in text)
            sb.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        return sb.ToString();
    }
}
