using System.Buffers;

namespace Kommuntal.Core.Validation;

/// <summary>
/// The longest free text accepted in each field that people type and the product prints (in the
/// decision PDF, the e-mails, the audit trail). One place; README "Free text" lists them.
/// </summary>
public static class TextLimits
{
    /// <summary>A diarienummer (case number), e.g. "851-1234-2021".</summary>
    public const int Diarienummer = 50;
    /// <summary>A person's name with title: who decided, who presented, who asked for a re-send.</summary>
    public const int Name = 100;
    /// <summary>A wish's reason (one line), as in the wish files.</summary>
    public const int Reason = 2_000;
    /// <summary>Each of a decision's own texts: background, reasons, appeal, consultation summary (paragraphs allowed).</summary>
    public const int DecisionText = 10_000;
    /// <summary>The version name of a model parameter set.</summary>
    public const int ModelVersion = 100;
}

/// <summary>
/// Checks free text before it is stored and printed: no longer than its limit, and without
/// characters a reader cannot see that change what the text shows or how it is read — control
/// characters (C0 and C1; tab and line breaks only where paragraphs are allowed), the Unicode format
/// characters (category Cf: bidirectional embeddings, overrides and isolates U+202A–U+202E,
/// U+2066–U+2069, the marks U+200E/U+200F, zero-width characters U+200B–U+200D, U+2060–U+2064,
/// U+FEFF, the soft hyphen, tag characters …), the line and paragraph separators U+2028/U+2029, lone
/// surrogates and the blank Hangul fillers. Pure.
/// </summary>
public static class FreeText
{
    public const string TooLongCode = "text-too-long";
    public const string HiddenCode = "invisible-character";

    /// <summary>One character that must not be in the text: its 1-based position (in characters) and code point.</summary>
    public readonly record struct HiddenCharacter(int Position, int CodePoint, int Count)
    {
        /// <summary>"U+202E (RIGHT-TO-LEFT OVERRIDE)".</summary>
        public string Notation => Names.TryGetValue(CodePoint, out var name)
            ? $"U+{CodePoint:X4} ({name})"
            : $"U+{CodePoint:X4}";
    }

    /// <summary>
    /// Adds a problem for each way <paramref name="text"/> is unacceptable (too long, a hidden
    /// character); null is fine (a missing value is the caller's rule). True when nothing was added.
    /// </summary>
    public static bool Check(ProblemList problems, string? text, string field, int maxLength, bool multiline = false, int? line = null, string? cell = null)
    {
        if (text is null) return true;
        var ok = true;
        if (text.Length > maxLength)
        {
            problems.Add(line, field, TooLongCode, $"Texten är {text.Length} tecken; högst {maxLength} godtas.",
                $"The text is {text.Length} characters; at most {maxLength} are accepted.", cell);
            ok = false;
        }
        if (HiddenMessage(text, multiline) is { } hidden)
        {
            problems.Add(line, field, HiddenCode, hidden.Sv, hidden.En, cell);
            ok = false;
        }
        return ok;
    }

    /// <summary>The Swedish and English sentence for the first hidden character in <paramref name="text"/>, or null when there is none.</summary>
    public static (string Sv, string En)? HiddenMessage(string text, bool multiline = false)
    {
        if (FindHidden(text, multiline) is not { } h) return null;
        var more = h.Count > 1 ? $" ({h.Count - 1} till)" : "";
        var moreEn = h.Count > 1 ? $" ({h.Count - 1} more)" : "";
        return ($"Texten innehåller ett osynligt tecken eller styrtecken, {h.Notation}, på position {h.Position}{more}; ta bort det.",
            $"The text contains an invisible or control character, {h.Notation}, at position {h.Position}{moreEn}; remove it.");
    }

    /// <summary>The first hidden character of <paramref name="text"/> (and how many there are), or null.</summary>
    public static HiddenCharacter? FindHidden(string text, bool multiline = false)
    {
        HiddenCharacter? first = null;
        var count = 0;
        var position = 0;
        for (var i = 0; i < text.Length;)
        {
            position++;
            int value;
            bool hidden;
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var used) == OperationStatus.Done)
            {
                value = rune.Value;
                hidden = IsHidden(rune, multiline);
                i += used;
            }
            else
            {
                value = text[i]; // a lone surrogate
                hidden = true;
                i++;
            }
            if (!hidden) continue;
            count++;
            first ??= new HiddenCharacter(position, value, 0);
        }
        return first is { } f ? f with { Count = count } : null;
    }

    /// <summary>Whether <paramref name="rune"/> must not appear; tab, LF and CR only where paragraphs are allowed.</summary>
    public static bool IsHidden(Rune rune, bool multiline = false) => rune.Value switch
    {
        '\t' or '\n' or '\r' => !multiline,
        0x115F or 0x1160 or 0x3164 or 0xFFA0 => true, // Hangul fillers: letters that print as nothing
        _ => Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator,
    };

    private static readonly Dictionary<int, string> Names = new()
    {
        [0x0000] = "NULL", [0x0009] = "TAB", [0x000A] = "LINE FEED", [0x000D] = "CARRIAGE RETURN", [0x001B] = "ESCAPE",
        [0x007F] = "DELETE", [0x0085] = "NEXT LINE", [0x00AD] = "SOFT HYPHEN", [0x061C] = "ARABIC LETTER MARK",
        [0x180E] = "MONGOLIAN VOWEL SEPARATOR",
        [0x200B] = "ZERO WIDTH SPACE", [0x200C] = "ZERO WIDTH NON-JOINER", [0x200D] = "ZERO WIDTH JOINER",
        [0x200E] = "LEFT-TO-RIGHT MARK", [0x200F] = "RIGHT-TO-LEFT MARK",
        [0x2028] = "LINE SEPARATOR", [0x2029] = "PARAGRAPH SEPARATOR",
        [0x202A] = "LEFT-TO-RIGHT EMBEDDING", [0x202B] = "RIGHT-TO-LEFT EMBEDDING", [0x202C] = "POP DIRECTIONAL FORMATTING",
        [0x202D] = "LEFT-TO-RIGHT OVERRIDE", [0x202E] = "RIGHT-TO-LEFT OVERRIDE",
        [0x2060] = "WORD JOINER", [0x2061] = "FUNCTION APPLICATION", [0x2062] = "INVISIBLE TIMES", [0x2063] = "INVISIBLE SEPARATOR",
        [0x2064] = "INVISIBLE PLUS",
        [0x2066] = "LEFT-TO-RIGHT ISOLATE", [0x2067] = "RIGHT-TO-LEFT ISOLATE", [0x2068] = "FIRST STRONG ISOLATE",
        [0x2069] = "POP DIRECTIONAL ISOLATE",
        [0x3164] = "HANGUL FILLER", [0xFEFF] = "ZERO WIDTH NO-BREAK SPACE",
    };
}
