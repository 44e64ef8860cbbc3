using System.Globalization;
using System.Numerics;
using System.Text;

namespace StorageTyped.Parameters;

/// <summary>
/// A parser for the Python literals that str() leaves in config.ini: None, True, False, ints, floats (including
/// nan and inf), quoted strings, and lists, tuples and dicts of those, as Python prints them ("[1, 2, 3]") and as
/// numpy prints arrays ("[1 2 3]", "[0.5 1. ]"). It never evaluates anything: text that is not such a literal is
/// simply not one. Numbers keep their text (<see cref="Number"/>) so that a typed read converts them exactly.
/// (A .npy header's dict is read by the strict <see cref="Arrays.NpyHeaderParser"/>, which says why it is separate.)
/// </summary>
internal static class PythonLiteral
{
    /// <summary>Nesting deeper than this is not read as a literal (guards the stack against hostile input).</summary>
    public const int MaxDepth = 64;

    /// <summary>A number as written, with whether it is an integer literal.</summary>
    public readonly record struct Number(string Text, bool IsInteger);

    /// <summary>A parsed dict: its entries in order.</summary>
    public sealed class Dict : List<KeyValuePair<object?, object?>> { }

    /// <summary>A parsed list or tuple.</summary>
    public sealed class Sequence : List<object?>
    {
        /// <summary>True for a tuple "( … )".</summary>
        public bool IsTuple { get; init; }
    }

    /// <summary>
    /// Classifies a whole value: null for None, bool, <see cref="Number"/>, <see cref="Sequence"/> or
    /// <see cref="Dict"/>. Strings at the top level are not literals (str() writes them without quotes).
    /// </summary>
    public static bool TryParse(string text, out object? node)
    {
        node = null;
        ReadOnlySpan<char> trimmed = PythonWhitespace.Strip(text);
        if (trimmed.Length == 0) return false;
        if (trimmed.SequenceEqual("None")) return true;
        if (trimmed.SequenceEqual("True")) { node = true; return true; }
        if (trimmed.SequenceEqual("False")) { node = false; return true; }
        if (TryNumber(trimmed, out var number)) { node = number; return true; }
        char first = trimmed[0];
        if (first is '[' or '(' or '{')
        {
            var parser = new Parser(trimmed.ToString());
            if (parser.TryParseValue(out node, depth: 0) && parser.AtEnd()) return true;
            node = null;
        }
        return false;
    }

    /// <summary>Whether <paramref name="text"/> is an int or float literal (Python's int()/float() syntax).</summary>
    public static bool TryNumber(ReadOnlySpan<char> text, out Number number)
    {
        number = default;
        text = PythonWhitespace.Strip(text);
        if (!IsNumber(text, out bool isInteger)) return false;
        string numberText = text.Contains('_') ? text.ToString().Replace("_", "") : text.ToString();
        number = new Number(numberText, isInteger);
        return true;
    }

    /// <summary>
    /// Whether <paramref name="text"/> (already stripped) is an int or float literal, without allocating: the
    /// grammar <see cref="TryNumber"/> accepts.
    /// </summary>
    public static bool IsNumber(ReadOnlySpan<char> text, out bool isInteger)
    {
        isInteger = false;
        if (text.Length == 0) return false;
        int i = 0;
        if (text[0] is '+' or '-') i++;
        ReadOnlySpan<char> body = text[i..];
        if (IsSpecialFloat(body)) return true;

        int digitsBefore = ScanDigits(body, 0, out int afterInteger);
        if (digitsBefore < 0) return false;
        int position = afterInteger;
        isInteger = true;
        int digitsAfter = 0;
        if (position < body.Length && body[position] == '.')
        {
            isInteger = false;
            position++;
            if (position < body.Length && char.IsAsciiDigit(body[position]))
            {
                digitsAfter = ScanDigits(body, position, out position);
                if (digitsAfter < 0) return false;
            }
        }
        if (digitsBefore == 0 && digitsAfter == 0) return false;
        if (position < body.Length && body[position] is 'e' or 'E')
        {
            isInteger = false;
            position++;
            if (position < body.Length && body[position] is '+' or '-') position++;
            if (ScanDigits(body, position, out position) <= 0) return false;
        }
        return position == body.Length;
    }

    /// <summary>nan, inf, infinity in any case, as Python's float() accepts them.</summary>
    private static bool IsSpecialFloat(ReadOnlySpan<char> body) =>
        body.Equals("nan", StringComparison.OrdinalIgnoreCase) || body.Equals("inf", StringComparison.OrdinalIgnoreCase)
        || body.Equals("infinity", StringComparison.OrdinalIgnoreCase);

    /// <summary>Digits with single underscores between them; the count of digits, 0 for none, -1 when malformed.</summary>
    private static int ScanDigits(ReadOnlySpan<char> text, int start, out int end)
    {
        int count = 0;
        int i = start;
        while (i < text.Length)
        {
            if (char.IsAsciiDigit(text[i])) { count++; i++; continue; }
            if (text[i] == '_' && count > 0 && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])) { i++; continue; }
            break;
        }
        end = i;
        return count;
    }

    /// <summary>The value of a number node as double (nan and inf included).</summary>
    public static double ToDouble(Number number) => ToDouble(number.Text);

    /// <summary>The value of a number's text without underscores (nan and inf included) as double.</summary>
    public static double ToDouble(ReadOnlySpan<char> text)
    {
        bool negative = text.Length > 0 && text[0] == '-';
        ReadOnlySpan<char> body = text.Length > 0 && text[0] is '+' or '-' ? text[1..] : text;
        if (body.Equals("nan", StringComparison.OrdinalIgnoreCase)) return double.NaN;
        if (body.Equals("inf", StringComparison.OrdinalIgnoreCase) || body.Equals("infinity", StringComparison.OrdinalIgnoreCase))
            return negative ? double.NegativeInfinity : double.PositiveInfinity;
        return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>An integer node as the smallest of int, long and BigInteger that holds it.</summary>
    public static object ToInteger(Number number)
    {
        if (int.TryParse(number.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int small)) return small;
        if (long.TryParse(number.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long large)) return large;
        return BigInteger.Parse(number.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    }

    private sealed class Parser
    {
        private readonly string _text;
        private int _position;

        public Parser(string text) => _text = text;

        public bool AtEnd()
        {
            SkipSpace();
            return _position == _text.Length;
        }

        private void SkipSpace()
        {
            while (_position < _text.Length && PythonWhitespace.IsSpace(_text[_position])) _position++;
        }

        public bool TryParseValue(out object? value, int depth)
        {
            value = null;
            if (depth > MaxDepth) return false;
            SkipSpace();
            if (_position >= _text.Length) return false;
            char c = _text[_position];
            switch (c)
            {
                case '[': return TryParseSequence(']', isTuple: false, out value, depth);
                case '(': return TryParseSequence(')', isTuple: true, out value, depth);
                case '{': return TryParseDict(out value, depth);
                case '\'' or '"':
                    if (!TryParseString(out string? s)) return false;
                    value = s;
                    return true;
            }
            int start = _position;
            while (_position < _text.Length && !IsDelimiter(_text[_position])) _position++;
            ReadOnlySpan<char> token = _text.AsSpan(start, _position - start);
            if (token.SequenceEqual("None")) { value = null; return true; }
            if (token.SequenceEqual("True")) { value = true; return true; }
            if (token.SequenceEqual("False")) { value = false; return true; }
            if (TryNumber(token, out var number)) { value = number; return true; }
            return false;
        }

        private static bool IsDelimiter(char c) =>
            c is ',' or ']' or ')' or '}' or ':' or '[' or '(' or '{' or '\'' or '"' || PythonWhitespace.IsSpace(c);

        private bool TryParseSequence(char close, bool isTuple, out object? value, int depth)
        {
            value = null;
            _position++; // opening bracket
            var items = new Sequence { IsTuple = isTuple };
            bool sawComma = false;
            while (true)
            {
                SkipSpace();
                if (_position >= _text.Length) return false;
                if (_text[_position] == close) { _position++; break; }
                if (!TryParseValue(out object? item, depth + 1)) return false;
                items.Add(item);
                SkipSpace();
                if (_position >= _text.Length) return false;
                if (_text[_position] == ',') { _position++; sawComma = true; continue; }
                if (_text[_position] == close) { _position++; break; }
                // numpy prints arrays with spaces between elements and no commas.
                if (sawComma || isTuple) return false;
            }
            // "(1)" is a parenthesised 1 in Python, not a tuple; keep the literal strict.
            if (isTuple && items.Count == 1 && !sawComma) return false;
            value = items;
            return true;
        }

        private bool TryParseDict(out object? value, int depth)
        {
            value = null;
            _position++; // '{'
            var dict = new Dict();
            while (true)
            {
                SkipSpace();
                if (_position >= _text.Length) return false;
                if (_text[_position] == '}') { _position++; break; }
                if (!TryParseValue(out object? key, depth + 1)) return false;
                SkipSpace();
                if (_position >= _text.Length || _text[_position] != ':') return false;
                _position++;
                if (!TryParseValue(out object? item, depth + 1)) return false;
                dict.Add(new KeyValuePair<object?, object?>(key, item));
                SkipSpace();
                if (_position >= _text.Length) return false;
                if (_text[_position] == ',') { _position++; continue; }
                if (_text[_position] == '}') { _position++; break; }
                return false;
            }
            value = dict;
            return true;
        }

        private bool TryParseString(out string? value)
        {
            value = null;
            char quote = _text[_position++];
            var builder = new StringBuilder();
            while (_position < _text.Length)
            {
                char c = _text[_position++];
                if (c == quote) { value = builder.ToString(); return true; }
                if (c == '\n') return false;
                if (c != '\\') { builder.Append(c); continue; }
                if (_position >= _text.Length) return false;
                char escape = _text[_position++];
                switch (escape)
                {
                    case '\\': builder.Append('\\'); break;
                    case '\'': builder.Append('\''); break;
                    case '"': builder.Append('"'); break;
                    case 'n': builder.Append('\n'); break;
                    case 'r': builder.Append('\r'); break;
                    case 't': builder.Append('\t'); break;
                    case 'a': builder.Append('\a'); break;
                    case 'b': builder.Append('\b'); break;
                    case 'f': builder.Append('\f'); break;
                    case 'v': builder.Append('\v'); break;
                    case '0' or '1' or '2' or '3' or '4' or '5' or '6' or '7':
                    {
                        int code = escape - '0';
                        for (int k = 0; k < 2 && _position < _text.Length && _text[_position] is >= '0' and <= '7'; k++)
                            code = code * 8 + (_text[_position++] - '0');
                        builder.Append((char)code);
                        break;
                    }
                    case 'x': if (!AppendHex(builder, 2)) return false; break;
                    case 'u': if (!AppendHex(builder, 4)) return false; break;
                    case 'U': if (!AppendHex(builder, 8)) return false; break;
                    default: builder.Append('\\').Append(escape); break; // Python keeps unknown escapes
                }
            }
            return false;
        }

        private bool AppendHex(StringBuilder builder, int digits)
        {
            if (_position + digits > _text.Length) return false;
            if (!int.TryParse(_text.AsSpan(_position, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
                return false;
            if (code > 0x10FFFF || (code is >= 0xD800 and <= 0xDFFF && digits == 8)) return false;
            _position += digits;
            if (code > 0xFFFF) builder.Append(char.ConvertFromUtf32(code));
            else builder.Append((char)code);
            return true;
        }
    }
}
