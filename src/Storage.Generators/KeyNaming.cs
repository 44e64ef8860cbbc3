using System.Globalization;
using System.Text;

namespace StorageTyped.Generators;

/// <summary>
/// The default INI key of a property: its name in snake_case, by the rule of System.Text.Json's
/// JsonNamingPolicy.SnakeCaseLower (NumberOfNeurons → number_of_neurons, XMLHttpRequest → xml_http_request,
/// Layer2Size → layer2_size), which is how Python scripts and PymoNNto name their parameters.
/// </summary>
internal static class KeyNaming
{
    private enum State
    {
        NotStarted,
        Upper,
        LowerOrDigit,
        Space,
    }

    public static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        var state = State.NotStarted;
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            switch (CharUnicodeInfo.GetUnicodeCategory(c))
            {
                case UnicodeCategory.UppercaseLetter:
                    if (state is State.LowerOrDigit or State.Space)
                    {
                        builder.Append('_');
                    }
                    else if (state == State.Upper && i + 1 < name.Length && char.IsLower(name[i + 1]))
                    {
                        builder.Append('_');
                    }
                    builder.Append(char.ToLowerInvariant(c));
                    state = State.Upper;
                    break;
                case UnicodeCategory.LowercaseLetter:
                case UnicodeCategory.DecimalDigitNumber:
                    if (state == State.Space) builder.Append('_');
                    builder.Append(c);
                    state = State.LowerOrDigit;
                    break;
                case UnicodeCategory.SpaceSeparator:
                    if (state != State.NotStarted) state = State.Space;
                    break;
                default:
                    builder.Append(c);
                    state = State.NotStarted;
                    break;
            }
        }
        return builder.ToString();
    }
}
