using Microsoft.CodeAnalysis;

namespace StorageTyped.Generators;

/// <summary>The STG diagnostics: id, title, message and help text (the description every IDE shows with them).</summary>
internal static class Descriptors
{
    private const string Category = "StorageTyped";

    public static readonly DiagnosticDescriptor NotPartial = new(
        "STG001",
        "[RunParameters] type must be partial",
        "'{0}' must be declared partial so that the generated parameter code can be added to it",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "The [RunParameters] generator adds the reading and writing code, the Keys constants and the IRunParameters implementation to the type itself. Add the 'partial' modifier to the type and to every type it is nested in.");

    public static readonly DiagnosticDescriptor UnsupportedType = new(
        "STG002",
        "Parameter type cannot be stored in config.ini",
        "Property '{0}' has type '{1}', which a parameter cannot hold; use bool, a number, string, an enum, DateTime, DateTimeOffset, TimeSpan, Guid, their nullable forms or an array or list of those, or mark it [IgnoreParameter]",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "Parameters live in config.ini as the text Python's str() writes, so that Python's configparser and PymoNNto read them. A property of another type has no such text: leave it out with [IgnoreParameter] and store it with SaveObj, or change its type.");

    public static readonly DiagnosticDescriptor DuplicateKey = new(
        "STG003",
        "Two parameters map to the same INI key",
        "Properties '{0}' and '{1}' both map to the INI key '{2}' (keys are not case-sensitive); give one of them another key with [IniKey]",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "Each parameter is one option of config.ini, and configparser matches option names case-insensitively. Two properties with the same key would overwrite each other.");

    public static readonly DiagnosticDescriptor UnknownKey = new(
        "STG004",
        "Parameter name is a near miss of a [RunParameters] key",
        "'{0}' is not the key of any [RunParameters] parameter in this compilation{1}",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: "A parameter name in string form (LoadParam, SaveParam, SortBy, GetParamList, the group indexer or a query) that matches no key of the [RunParameters] types of this compilation but is within a few edits of one is likely a typo: the call would find nothing. Names far from every typed key are dynamic parameters of their own and are not reported. Use the generated Keys constant (NetworkParams.Keys.Score), which the compiler checks.");

    public static readonly DiagnosticDescriptor NoParameters = new(
        "STG005",
        "[RunParameters] type has no parameters",
        "'{0}' has no parameters: no public instance property with a getter and a set or init accessor, and no positional parameter",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: "Only public instance properties that can be set (set or init accessor, or a positional record parameter) are parameters. Computed properties, private members and [IgnoreParameter] properties are left out.");

    public static readonly DiagnosticDescriptor InvalidKey = new(
        "STG006",
        "INI key is not a valid run key",
        "The key of property '{0}' is not valid: {1}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "A parameter key names an option in config.ini and is checked by the same rules as every key of a run: no path separators, no '=' or ':', no control characters, no white space at the ends, not a reserved device name, at most 200 UTF-8 bytes. Give the property a valid key with [IniKey(\"name\")].");

    public static readonly DiagnosticDescriptor KeysConflict = new(
        "STG007",
        "Member named Keys conflicts with the generated key constants",
        "'{0}' declares a member named 'Keys', which the generated class of key constants needs; rename the member",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "The generator adds a nested static class Keys holding a constant with the INI key of every parameter (NetworkParams.Keys.NumberOfNeurons).");

    public static readonly DiagnosticDescriptor UnsupportedTypeShape = new(
        "STG008",
        "[RunParameters] cannot be applied to this type",
        "[RunParameters] cannot be applied to '{0}': {1}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "Parameter types must be concrete, non-generic records, record structs, classes or structs that the generated code can construct.");

    public static readonly DiagnosticDescriptor InvalidSection = new(
        "STG009",
        "INI section name is not valid",
        "The section '{0}' is not valid: {1}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "The section is written as [name] in config.ini: it must be one line of printable text without '[' or ']' and without white space at its ends.");

    public static readonly DiagnosticDescriptor ReservedKey = new(
        "STG010",
        "Parameter key is the run's creation time",
        "Property '{0}' maps to the key 'time', where every run stores its creation time; saving the parameters would overwrite it. Give the property another key with [IniKey].",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: "A new StorageManager writes its creation time (Unix seconds) as the parameter 'time' of the Parameters section, as PymoNNto does.");

    public static readonly DiagnosticDescriptor NoGrid = new(
        "STG011",
        "[RunParameters] type gets no Grid",
        "'{0}' gets no generated Grid(...): {1}",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: "The generator gives every [RunParameters] type a static Grid(...) with one optional argument per parameter (named after the property in camelCase) and a baseline argument, for Sweep.RunAsync. It leaves it out when the type has a member named Grid, when two argument names collide (or one is 'baseline'), or when a required member is not a parameter. Points can still be built with LINQ.");
}
