using System.Runtime.CompilerServices;
using System.Buffers.Binary;
using System.Text;
using StorageTyped.Files;

namespace StorageTyped.Groups;

/// <summary>
/// The group index: the parameters of every run of a tag in one compact binary file, with what each run's
/// config.ini looked like when it was read (<see cref="ConfigStat"/>), so that loading a group again reads one
/// file instead of 100,000. It lives in a hidden folder of the main folder (.storagetyped/&lt;tag&gt;.group-index)
/// so that writing it does not change the main folder's modification time, which tells when runs were added or
/// removed. The file is a cache: written atomically, checksummed, and rebuilt whenever it is missing, truncated,
/// corrupt, of another version or inconsistent; it is never trusted otherwise.
/// </summary>
/// <remarks>
/// Layout (little endian): a 32-byte header (magic "STGRIDX\n", format version, payload length, CRC-32C of the
/// payload, CRC-32C of the header), then the payload: tag; the main folder's stat; a string table (sections, keys,
/// text values); the fields (section, key); the shapes (the set of fields a run has: sweeps share a few); then per
/// run its folder name, state, stat, shape and values (tagged: None, False, True, integer as zigzag varint, double
/// as 8 bytes, text by string id, list/dict literal by string id).
/// </remarks>
internal static class RunIndexFile
{
    /// <summary>The hidden folder in the main folder that holds indexes.</summary>
    public const string FolderName = ".storagetyped";

    private const int FormatVersion = 1;
    private const int HeaderSize = 32;
    private static readonly byte[] Magic = "STGRIDX\n"u8.ToArray();

    private enum ValueTag : byte { None = 0, False = 1, True = 2, Integer = 3, Double = 4, Text = 5, Literal = 6 }

    /// <summary>Where the index of <paramref name="tag"/> in <paramref name="mainFolder"/> lives.</summary>
    public static string PathFor(string mainFolder, string tag) => Path.Combine(mainFolder, FolderName, tag + ".group-index");

    /// <summary>
    /// Creates the hidden index folder in an existing main folder before the main folder is looked at, so that its
    /// creation is not mistaken later for an added or removed run. A missing main folder stays missing.
    /// </summary>
    public static void EnsureFolder(string mainFolder)
    {
        try
        {
            ExclusiveDirectory.TryCreate(Path.Combine(mainFolder, FolderName));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No main folder yet, or a read-only one: the index is only a cache.
        }
    }

    /// <summary>Reads the index; null (with the reason) when it is missing or cannot be trusted.</summary>
    public static RunTable? TryRead(string path, string tag, out string? reason)
    {
        reason = null;
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            reason = e.Message;
            return null;
        }
        try
        {
            return Decode(bytes, tag);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or IndexOutOfRangeException or OverflowException or DecoderFallbackException)
        {
            reason = e.Message;
            return null;
        }
    }

    /// <summary>Writes the index atomically.</summary>
    public static void Write(string path, RunTable table, string tag)
    {
        byte[] content = Encode(table, tag);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        AtomicFile.WriteAllBytes(path, content);
    }

    /// <summary>The index file's bytes for <paramref name="table"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static byte[] Encode(RunTable table, string tag)
    {
        var strings = new Dictionary<string, int>(StringComparer.Ordinal);
        var stringList = new List<string>();
        int StringId(string text)
        {
            if (!strings.TryGetValue(text, out int id))
            {
                id = stringList.Count;
                strings.Add(text, id);
                stringList.Add(text);
            }
            return id;
        }

        // Shapes: the fields each run has. Runs of one sweep share a handful.
        int fieldCount = table.Fields.Count;
        var shapes = new Dictionary<string, int>(StringComparer.Ordinal);
        var shapeList = new List<int[]>();
        var runShape = new int[table.Count];
        var present = new List<int>(fieldCount);
        var columns = Enumerable.Range(0, fieldCount).Select(table.Column).ToArray();
        int[]? previousShape = null;
        int previousShapeId = -1;
        for (int run = 0; run < table.Count; run++)
        {
            present.Clear();
            for (int f = 0; f < fieldCount; f++)
                if (!ReferenceEquals(columns[f][run], CellValue.Missing)) present.Add(f);
            // Neighbouring runs usually share the shape: compare before building a key.
            if (previousShape is not null && present.Count == previousShape.Length && present.SequenceEqual(previousShape))
            {
                runShape[run] = previousShapeId;
                continue;
            }
            string key = string.Join(',', present);
            if (!shapes.TryGetValue(key, out int shape))
            {
                shape = shapeList.Count;
                shapes.Add(key, shape);
                shapeList.Add(present.ToArray());
            }
            runShape[run] = shape;
            previousShape = shapeList[shape];
            previousShapeId = shape;
        }

        // Runs first into their own buffer: it assigns the string ids the table before it lists.
        var runs = new ByteWriter(table.Count * 80 + 64);
        runs.VarUInt((ulong)table.Count);
        for (int run = 0; run < table.Count; run++)
        {
            runs.Text(table.Names[run]);
            runs.Byte((byte)table.States[run]);
            WriteStat(ref runs, table.Stats[run]);
            switch (table.States[run])
            {
                case RunState.Damaged:
                    runs.VarUInt((ulong)StringId(table.Problems.GetValueOrDefault(run, "unknown problem")));
                    break;
                case RunState.Loaded:
                    runs.VarUInt((ulong)runShape[run]);
                    foreach (int f in shapeList[runShape[run]]) WriteValue(ref runs, columns[f][run], StringId);
                    break;
            }
        }
        foreach (var field in table.Fields) { StringId(field.Section); StringId(field.Key); }

        var payload = new ByteWriter(runs.Length + stringList.Sum(s => s.Length + 4) + 256);
        payload.Text(tag);
        WriteStat(ref payload, table.MainFolderStat);
        payload.VarUInt((ulong)stringList.Count);
        foreach (string text in stringList) payload.Text(text);
        payload.VarUInt((ulong)fieldCount);
        foreach (var field in table.Fields)
        {
            payload.VarUInt((ulong)strings[field.Section]);
            payload.VarUInt((ulong)strings[field.Key]);
        }
        payload.VarUInt((ulong)shapeList.Count);
        foreach (int[] shape in shapeList)
        {
            payload.VarUInt((ulong)shape.Length);
            foreach (int f in shape) payload.VarUInt((ulong)f);
        }
        payload.Bytes(runs.Written);

        ReadOnlySpan<byte> body = payload.Written;
        byte[] file = new byte[HeaderSize + body.Length];
        Magic.CopyTo(file, 0);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(8), FormatVersion);
        BinaryPrimitives.WriteInt64LittleEndian(file.AsSpan(16), body.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(24), Crc32C.Compute(body));
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(28), Crc32C.Compute(file.AsSpan(0, 28)));
        body.CopyTo(file.AsSpan(HeaderSize));
        return file;
    }

    /// <summary>Decodes and checks an index; InvalidDataException when anything is wrong with it.</summary>
    /// <remarks>Each loop is its own small method: a process that loads a group once runs them before the JIT has
    /// optimized anything, and small methods are cheap to optimize in the middle of a loop (on-stack replacement).</remarks>
    public static RunTable Decode(ReadOnlySpan<byte> file, string tag)
    {
        ReadOnlySpan<byte> body = CheckedPayload(file);
        var reader = new ByteReader(body);
        string indexTag = reader.Text();
        if (indexTag != tag) throw new InvalidDataException($"the index is for tag '{indexTag}', not '{tag}'");
        ConfigStat mainStat = ReadStat(ref reader);
        string[] strings = ReadStrings(ref reader, body.Length);
        FieldName[] fields = ReadFields(ref reader, strings);
        int[][] shapes = ReadShapes(ref reader, fields.Length, body.Length);

        var runs = new DecodedRuns(reader.Count(body.Length), fields.Length);
        for (int run = 0; run < runs.Names.Length; run++) ReadRun(ref reader, run, tag, strings, shapes, runs);
        if (!reader.AtEnd) throw new InvalidDataException("the index has bytes after its last run");
        CheckNaturalOrder(runs.Names, tag);

        var table = new RunTable(runs.Names) { MainFolderStat = mainStat };
        runs.Stats.CopyTo(table.Stats, 0);
        runs.States.CopyTo(table.States, 0);
        foreach (var (run, problem) in runs.Problems) table.Problems[run] = problem;
        for (int f = 0; f < fields.Length; f++) table.AddColumn(fields[f], runs.Columns[f]);
        return table;
    }

    private sealed class DecodedRuns
    {
        public DecodedRuns(int count, int fieldCount)
        {
            Names = new string[count];
            Stats = new ConfigStat[count];
            States = new RunState[count];
            Columns = new object?[fieldCount][];
            for (int f = 0; f < fieldCount; f++)
            {
                Columns[f] = new object?[count];
                Columns[f].AsSpan().Fill(CellValue.Missing);
            }
        }

        public string[] Names { get; }
        public ConfigStat[] Stats { get; }
        public RunState[] States { get; }
        public object?[][] Columns { get; }
        public Dictionary<int, string> Problems { get; } = new();
    }

    private static ReadOnlySpan<byte> CheckedPayload(ReadOnlySpan<byte> file)
    {
        if (file.Length < HeaderSize) throw new InvalidDataException($"the index is {file.Length} bytes, shorter than its header");
        if (!file[..8].SequenceEqual(Magic)) throw new InvalidDataException("the index does not start with the index magic");
        if (BinaryPrimitives.ReadUInt32LittleEndian(file[28..]) != Crc32C.Compute(file[..28])) throw new InvalidDataException("the index header's checksum does not match");
        int version = BinaryPrimitives.ReadInt32LittleEndian(file[8..]);
        if (version != FormatVersion) throw new InvalidDataException($"the index has format version {version}, not {FormatVersion}");
        long length = BinaryPrimitives.ReadInt64LittleEndian(file[16..]);
        if (length != file.Length - HeaderSize) throw new InvalidDataException($"the index should hold {length} bytes after its header but holds {file.Length - HeaderSize} (truncated or extended)");
        ReadOnlySpan<byte> body = file[HeaderSize..];
        if (BinaryPrimitives.ReadUInt32LittleEndian(file[24..]) != Crc32C.Compute(body)) throw new InvalidDataException("the index content's checksum does not match");
        return body;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string[] ReadStrings(ref ByteReader reader, int limit)
    {
        var strings = new string[reader.Count(limit)];
        for (int i = 0; i < strings.Length; i++) strings[i] = reader.Text();
        return strings;
    }

    private static FieldName[] ReadFields(ref ByteReader reader, string[] strings)
    {
        var fields = new FieldName[reader.Count(strings.Length * strings.Length)];
        for (int i = 0; i < fields.Length; i++)
            fields[i] = new FieldName(strings[reader.Index(strings.Length)], strings[reader.Index(strings.Length)]);
        return fields;
    }

    private static int[][] ReadShapes(ref ByteReader reader, int fieldCount, int limit)
    {
        var shapes = new int[reader.Count(limit)][];
        for (int i = 0; i < shapes.Length; i++)
        {
            shapes[i] = new int[reader.Count(fieldCount)];
            for (int k = 0; k < shapes[i].Length; k++) shapes[i][k] = reader.Index(fieldCount);
        }
        return shapes;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReadRun(ref ByteReader reader, int run, string tag, string[] strings, int[][] shapes, DecodedRuns runs)
    {
        string name = reader.Text();
        if (!RunFolderName.IsRunOf(name, tag)) throw new InvalidDataException($"the index lists '{name}', which is not a run of '{tag}'");
        runs.Names[run] = name;
        byte state = reader.Byte();
        if (state > (byte)RunState.Damaged) throw new InvalidDataException($"the index has an unknown run state {state}");
        runs.States[run] = (RunState)state;
        runs.Stats[run] = ReadStat(ref reader);
        if (state == (byte)RunState.Damaged) runs.Problems[run] = strings[reader.Index(strings.Length)];
        if (state != (byte)RunState.Loaded) return;
        object?[][] columns = runs.Columns;
        foreach (int f in shapes[reader.Index(shapes.Length)]) columns[f][run] = ReadValue(ref reader, strings);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CheckNaturalOrder(string[] names, string tag)
    {
        var order = new NaturalRunOrder(tag.Length);
        for (int run = 1; run < names.Length; run++)
            if (order.Compare(names[run - 1], names[run]) >= 0) throw new InvalidDataException("the index's runs are not in natural order");
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteStat(ref ByteWriter writer, ConfigStat stat)
    {
        writer.VarInt(stat.Inode);
        writer.VarInt(stat.Size);
        writer.Int64(stat.ModifiedNs);
        writer.VarInt(stat.ChangedNs - stat.ModifiedNs);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ConfigStat ReadStat(ref ByteReader reader)
    {
        long inode = reader.VarInt();
        long size = reader.VarInt();
        long modified = reader.Int64();
        long changed = modified + reader.VarInt();
        return new ConfigStat(inode, size, modified, changed);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteValue(ref ByteWriter writer, object? cell, Func<string, int> stringId)
    {
        switch (cell)
        {
            case null: writer.Byte((byte)ValueTag.None); break;
            case bool b: writer.Byte((byte)(b ? ValueTag.True : ValueTag.False)); break;
            case int i: writer.Byte((byte)ValueTag.Integer); writer.VarInt(i); break;
            case long l: writer.Byte((byte)ValueTag.Integer); writer.VarInt(l); break;
            case double d: writer.Byte((byte)ValueTag.Double); writer.Int64(BitConverter.DoubleToInt64Bits(d)); break;
            case string s: writer.Byte((byte)ValueTag.Text); writer.VarUInt((ulong)stringId(s)); break;
            case CellValue.Literal literal: writer.Byte((byte)ValueTag.Literal); writer.VarUInt((ulong)stringId(literal.Text)); break;
            default: throw new InvalidOperationException($"A cell of type {cell.GetType()} cannot be in the index.");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static object? ReadValue(ref ByteReader reader, string[] strings)
    {
        var tag = (ValueTag)reader.Byte();
        return tag switch
        {
            ValueTag.None => null,
            ValueTag.False => CellValue.False,
            ValueTag.True => CellValue.True,
            ValueTag.Integer => CellValue.FromInteger(reader.VarInt()),
            ValueTag.Double => BitConverter.Int64BitsToDouble(reader.Int64()),
            ValueTag.Text => strings[reader.Index(strings.Length)],
            ValueTag.Literal => new CellValue.Literal(strings[reader.Index(strings.Length)]),
            _ => throw new InvalidDataException($"the index has an unknown value tag {(byte)tag}"),
        };
    }

    /// <summary>Appends to a growing byte array.</summary>
    private struct ByteWriter(int capacity)
    {
        private byte[] _buffer = new byte[Math.Max(capacity, 64)];
        private int _length;

        public readonly int Length => _length;

        public readonly ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

        private Span<byte> Reserve(int count)
        {
            if (_length + count > _buffer.Length) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
            return _buffer.AsSpan(_length, count);
        }

        public void Byte(byte value)
        {
            Reserve(1)[0] = value;
            _length++;
        }

        public void Int64(long value)
        {
            BinaryPrimitives.WriteInt64LittleEndian(Reserve(8), value);
            _length += 8;
        }

        public void VarUInt(ulong value)
        {
            Span<byte> target = Reserve(10);
            int i = 0;
            while (value >= 0x80)
            {
                target[i++] = (byte)(value | 0x80);
                value >>= 7;
            }
            target[i++] = (byte)value;
            _length += i;
        }

        public void VarInt(long value) => VarUInt((ulong)((value << 1) ^ (value >> 63)));

        public void Text(string text)
        {
            int count = Encoding.UTF8.GetByteCount(text);
            VarUInt((ulong)count);
            Encoding.UTF8.GetBytes(text, Reserve(count));
            _length += count;
        }

        public void Bytes(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(Reserve(bytes.Length));
            _length += bytes.Length;
        }
    }

    /// <summary>Reads what <see cref="ByteWriter"/> wrote, checking every length and index against the data.</summary>
    private ref struct ByteReader(ReadOnlySpan<byte> data)
    {
        private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        private readonly ReadOnlySpan<byte> _data = data;
        private int _position;

        public readonly bool AtEnd => _position == _data.Length;

        private ReadOnlySpan<byte> Take(int count)
        {
            if (count < 0 || count > _data.Length - _position) throw new InvalidDataException("the index ends in the middle of an entry");
            var span = _data.Slice(_position, count);
            _position += count;
            return span;
        }

        public byte Byte() => Take(1)[0];

        public long Int64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

        public ulong VarUInt()
        {
            ulong value = 0;
            for (int shift = 0; shift < 64; shift += 7)
            {
                byte b = Byte();
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80) return value;
            }
            throw new InvalidDataException("the index has a malformed number");
        }

        public long VarInt()
        {
            ulong raw = VarUInt();
            return (long)(raw >> 1) ^ -(long)(raw & 1);
        }

        /// <summary>A count that cannot exceed <paramref name="limit"/> (guards allocations against damaged lengths).</summary>
        public int Count(int limit)
        {
            ulong value = VarUInt();
            if (value > (ulong)limit) throw new InvalidDataException($"the index has a count {value} larger than possible");
            return (int)value;
        }

        /// <summary>An index into a table of <paramref name="count"/> entries.</summary>
        public int Index(int count)
        {
            ulong value = VarUInt();
            if (value >= (ulong)count) throw new InvalidDataException($"the index refers to entry {value} of a table of {count}");
            return (int)value;
        }

        public string Text()
        {
            int length = Count(_data.Length - _position);
            return StrictUtf8.GetString(Take(length));
        }
    }
}
