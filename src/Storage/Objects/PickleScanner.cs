using System.Buffers.Binary;
using System.Text;

namespace StorageTyped.Objects;

/// <summary>
/// Reads a pickle's opcodes before anything is unpickled, and refuses it when it names a class or function that
/// is not plain data (<see cref="PickleGlobals"/>), asks for persistent or out-of-band objects or the extension
/// registry, or holds an integer written with more digits than Python itself converts (4,300).
/// </summary>
/// <remarks>
/// The names behind STACK_GLOBAL (protocol 4 and later) come from the stack, so the scan keeps a shadow of the
/// unpickler's stack and memo that knows which entries are strings pushed by the pickle, mirroring
/// Razorvine.Pickle's unpickler opcode by opcode (the mark lives on the stack; SETITEMS pops pairs until a mark in
/// the value position). Where the shadow cannot tell what a name is, the pickle is refused. This scan is the first
/// of two guards: whatever it let through is built only by the constructors <see cref="PickleGlobals"/> registers,
/// and <see cref="PickleConverter"/> refuses anything in the result that is not plain data.
/// </remarks>
internal static class PickleScanner
{
    /// <summary>Python's limit on the digits of an integer read from text (sys.int_info.default_max_str_digits).</summary>
    private const int MaxIntegerDigits = 4300;

    private static readonly object Mark = new();
    private static readonly object Unknown = new();

    /// <summary>Checks <paramref name="pickle"/>; returns normally when it may be unpickled.</summary>
    /// <exception cref="InvalidDataException">It names a class or function outside plain data, or is damaged; the message names the file and the class.</exception>
    public static void Check(ReadOnlySpan<byte> pickle, string path)
    {
        var stack = new List<object>();
        var memo = new Dictionary<int, object>();
        int position = 0;
        while (true)
        {
            if (position >= pickle.Length) throw Damaged(path, "it ends before its STOP opcode");
            byte opcode = pickle[position++];
            switch (opcode)
            {
                case (byte)'.': // STOP
                    return;
                case (byte)'(': stack.Add(Mark); break; // MARK
                case (byte)'0': Pop(stack, path); break; // POP
                case (byte)'1': PopToMark(stack, path); break; // POP_MARK
                case (byte)'2': stack.Add(Peek(stack, path)); break; // DUP
                case (byte)'F': Line(pickle, ref position, path); stack.Add(Unknown); break; // FLOAT
                case (byte)'I' or (byte)'L': // INT, LONG
                    if (Line(pickle, ref position, path).Length > MaxIntegerDigits + 2)
                        throw new InvalidDataException($"'{path}' holds an integer of more than {MaxIntegerDigits:N0} digits, more than Python itself converts from text; it is not read.");
                    stack.Add(Unknown);
                    break;
                case (byte)'J': Skip(pickle, ref position, 4, path); stack.Add(Unknown); break; // BININT
                case (byte)'K': Skip(pickle, ref position, 1, path); stack.Add(Unknown); break; // BININT1
                case (byte)'M': Skip(pickle, ref position, 2, path); stack.Add(Unknown); break; // BININT2
                case (byte)'N' or 0x88 or 0x89: stack.Add(Unknown); break; // NONE, NEWTRUE, NEWFALSE
                case (byte)'G': Skip(pickle, ref position, 8, path); stack.Add(Unknown); break; // BINFLOAT
                case (byte)'P' or (byte)'Q': // PERSID, BINPERSID
                    throw new InvalidDataException($"'{path}' refers to persistent objects (persistent_load), which only the program that wrote it can resolve; it is not read.");
                case 0x82 or 0x83 or 0x84: // EXT1, EXT2, EXT4
                    throw new InvalidDataException($"'{path}' names classes through copyreg's extension registry, which could be anything; it is not read.");
                case 0x97: // NEXT_BUFFER
                    throw new InvalidDataException($"'{path}' refers to out-of-band buffers that are not in the file; it is not read.");
                case (byte)'R' or 0x81: Pop(stack, path); Pop(stack, path); stack.Add(Unknown); break; // REDUCE, NEWOBJ
                case 0x92: Pop(stack, path); Pop(stack, path); Pop(stack, path); stack.Add(Unknown); break; // NEWOBJ_EX
                case (byte)'S' or (byte)'V': Line(pickle, ref position, path); stack.Add(Unknown); break; // STRING, UNICODE
                case (byte)'T': Counted(pickle, ref position, 4, path); stack.Add(Unknown); break; // BINSTRING
                case (byte)'U' or (byte)'C': Counted(pickle, ref position, 1, path); stack.Add(Unknown); break; // SHORT_BINSTRING, SHORT_BINBYTES
                case (byte)'B': Counted(pickle, ref position, 4, path); stack.Add(Unknown); break; // BINBYTES
                case 0x8e or 0x96: Counted(pickle, ref position, 8, path); stack.Add(Unknown); break; // BINBYTES8, BYTEARRAY8
                case 0x8a: Counted(pickle, ref position, 1, path); stack.Add(Unknown); break; // LONG1
                case 0x8b: Counted(pickle, ref position, 4, path); stack.Add(Unknown); break; // LONG4
                case (byte)'X': stack.Add(Utf8(Counted(pickle, ref position, 4, path))); break; // BINUNICODE
                case 0x8c: stack.Add(Utf8(Counted(pickle, ref position, 1, path))); break; // SHORT_BINUNICODE
                case 0x8d: stack.Add(Utf8(Counted(pickle, ref position, 8, path))); break; // BINUNICODE8
                case (byte)'a': Pop(stack, path); Peek(stack, path); break; // APPEND
                case (byte)'e': PopToMark(stack, path); Peek(stack, path); break; // APPENDS
                case (byte)'b': Pop(stack, path); Peek(stack, path); break; // BUILD
                case (byte)'c': // GLOBAL
                {
                    string module = Utf8(Line(pickle, ref position, path));
                    string name = Utf8(Line(pickle, ref position, path));
                    PickleGlobals.Require(module, name, path);
                    stack.Add(Unknown);
                    break;
                }
                case (byte)'i': // INST
                {
                    string module = Utf8(Line(pickle, ref position, path));
                    string name = Utf8(Line(pickle, ref position, path));
                    PickleGlobals.Require(module, name, path);
                    PopToMark(stack, path);
                    stack.Add(Unknown);
                    break;
                }
                case 0x93: // STACK_GLOBAL
                {
                    object name = Pop(stack, path), module = Pop(stack, path);
                    if (module is not string moduleName || name is not string globalName)
                        throw new InvalidDataException($"'{path}' names a class or function through values this reader cannot check; it is not read.");
                    PickleGlobals.Require(moduleName, globalName, path);
                    stack.Add(Unknown);
                    break;
                }
                case (byte)'d' or (byte)'l' or (byte)'t' or 0x91 or (byte)'o': PopToMark(stack, path); stack.Add(Unknown); break; // DICT, LIST, TUPLE, FROZENSET, OBJ
                case (byte)'}' or (byte)']' or (byte)')' or 0x8f: stack.Add(Unknown); break; // EMPTY_DICT, EMPTY_LIST, EMPTY_TUPLE, EMPTY_SET
                case 0x85: Pop(stack, path); stack.Add(Unknown); break; // TUPLE1
                case 0x86: Pop(stack, path); Pop(stack, path); stack.Add(Unknown); break; // TUPLE2
                case 0x87: Pop(stack, path); Pop(stack, path); Pop(stack, path); stack.Add(Unknown); break; // TUPLE3
                case (byte)'g': Push(stack, memo, TextKey(Line(pickle, ref position, path), path), path); break; // GET
                case (byte)'h': Push(stack, memo, Bytes(pickle, ref position, 1, path)[0], path); break; // BINGET
                case (byte)'j': Push(stack, memo, BinaryPrimitives.ReadInt32LittleEndian(Bytes(pickle, ref position, 4, path)), path); break; // LONG_BINGET
                case (byte)'p': memo[TextKey(Line(pickle, ref position, path), path)] = Peek(stack, path); break; // PUT
                case (byte)'q': memo[Bytes(pickle, ref position, 1, path)[0]] = Peek(stack, path); break; // BINPUT
                case (byte)'r': memo[BinaryPrimitives.ReadInt32LittleEndian(Bytes(pickle, ref position, 4, path))] = Peek(stack, path); break; // LONG_BINPUT
                case 0x94: memo[memo.Count] = Peek(stack, path); break; // MEMOIZE
                case (byte)'s': Pop(stack, path); Pop(stack, path); Peek(stack, path); break; // SETITEM
                case (byte)'u': // SETITEMS: pairs until a mark in the value position, as Razorvine pops them
                {
                    object value = Pop(stack, path);
                    while (value != Mark)
                    {
                        Pop(stack, path);
                        value = Pop(stack, path);
                    }
                    Peek(stack, path);
                    break;
                }
                case 0x90: PopToMark(stack, path); Pop(stack, path); stack.Add(Unknown); break; // ADDITEMS
                case 0x80: Skip(pickle, ref position, 1, path); break; // PROTO
                case 0x95: Skip(pickle, ref position, 8, path); break; // FRAME
                case 0x98: break; // READONLY_BUFFER
                default:
                    throw Damaged(path, $"it holds the unknown opcode 0x{opcode:X2} at byte {position - 1:N0}");
            }
        }
    }

    private static object Pop(List<object> stack, string path)
    {
        if (stack.Count == 0) throw Damaged(path, "an opcode takes more values than the stack holds");
        object top = stack[^1];
        stack.RemoveAt(stack.Count - 1);
        return top;
    }

    private static object Peek(List<object> stack, string path) =>
        stack.Count > 0 ? stack[^1] : throw Damaged(path, "an opcode needs a value the stack does not hold");

    private static void PopToMark(List<object> stack, string path)
    {
        while (Pop(stack, path) != Mark) { }
    }

    private static void Push(List<object> stack, Dictionary<int, object> memo, int key, string path) =>
        stack.Add(memo.TryGetValue(key, out object? value) ? value : throw Damaged(path, $"it refers to memo entry {key}, which it never stored"));

    /// <summary>A memo key written as text: plain digits only (the unpickler's int.Parse would read more forms, which the shadow could not follow).</summary>
    private static int TextKey(ReadOnlySpan<byte> line, string path)
    {
        if (line.Length is 0 or > 9) throw Damaged(path, "a text memo key is not a small number");
        int key = 0;
        foreach (byte digit in line)
        {
            if (digit is < (byte)'0' or > (byte)'9') throw Damaged(path, "a text memo key is not a plain number");
            key = key * 10 + (digit - '0');
        }
        return key;
    }

    private static ReadOnlySpan<byte> Line(ReadOnlySpan<byte> pickle, ref int position, string path)
    {
        int end = pickle[position..].IndexOf((byte)'\n');
        if (end < 0) throw Damaged(path, "a line argument has no end");
        ReadOnlySpan<byte> line = pickle.Slice(position, end);
        position += end + 1;
        return line;
    }

    private static ReadOnlySpan<byte> Bytes(ReadOnlySpan<byte> pickle, ref int position, int count, string path)
    {
        if (pickle.Length - position < count) throw Damaged(path, "it ends inside an opcode's argument");
        ReadOnlySpan<byte> bytes = pickle.Slice(position, count);
        position += count;
        return bytes;
    }

    private static void Skip(ReadOnlySpan<byte> pickle, ref int position, int count, string path) => Bytes(pickle, ref position, count, path);

    /// <summary>An argument preceded by its length (1, 4 or 8 bytes, little-endian).</summary>
    private static ReadOnlySpan<byte> Counted(ReadOnlySpan<byte> pickle, ref int position, int lengthBytes, string path)
    {
        ReadOnlySpan<byte> lengthField = Bytes(pickle, ref position, lengthBytes, path);
        long length = lengthBytes switch
        {
            1 => lengthField[0],
            4 => BinaryPrimitives.ReadInt32LittleEndian(lengthField),
            _ => BinaryPrimitives.ReadInt64LittleEndian(lengthField),
        };
        if (length < 0 || length > pickle.Length - position) throw Damaged(path, "a length runs past the end of the file");
        return Bytes(pickle, ref position, (int)length, path);
    }

    private static string Utf8(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);

    private static InvalidDataException Damaged(string path, string reason) =>
        new($"'{path}' is not a pickle this library reads: {reason}.");
}
