using System.Runtime.CompilerServices;
using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using System.Text;
using StorageTyped.Files;

namespace StorageTyped.Groups.Index;

/// <summary>
/// The group index: the parameters of every run of a tag in one compact binary file, with what each run's
/// config.ini looked like when it was read (<see cref="ConfigStat"/>), so that loading a group again reads one
/// file instead of 100,000. It lives in the library's folder for the main folder (&lt;tag&gt;.group-index there),
/// outside the main folder: PymoNNto takes every folder of a main folder whose name contains the tag as a run, and
/// writing outside leaves the main folder's modification time (which tells when runs were added or removed) alone.
/// The file is a cache: written atomically, checksummed, and rebuilt whenever it is missing, truncated, corrupt, of
/// another version or inconsistent; it is never trusted otherwise.
/// </summary>
/// <remarks>
/// Layout (little endian): a 32-byte header (magic "STGRIDX\n", format version, payload length, CRC-32C of the
/// payload, CRC-32C of the header), then the payload: tag; the main folder's stat; a string table (sections, keys,
/// texts); the fields (section, key); the run count; the run folder names; per run its state and config.ini stat
/// as raw arrays; the problems of damaged runs; then each field's <see cref="Column"/> as raw arrays (kind bytes,
/// value longs) followed by its texts (run, string id). Loading is mostly copying memory: no object per number.
/// </remarks>
internal static class RunIndexFile
{
    /// <summary>
    /// The hidden folder inside the main folder where indexes were kept before they moved out: a run to PymoNNto for
    /// every tag its name contains (st, a, typed …). Never read; removed on sight (<see cref="RemoveFolderInMainFolder"/>).
    /// </summary>
    public const string OldFolderName = ".storagetyped";

    private const string Extension = ".group-index";

    private const int FormatVersion = 2;
    private const int HeaderSize = 32;
    private static readonly byte[] Magic = "STGRIDX\n"u8.ToArray();

    /// <summary>Where the index of <paramref name="tag"/> lives in <paramref name="libraryFolder"/> (the main folder's library folder).</summary>
    public static string PathFor(string libraryFolder, string tag) => Path.Combine(libraryFolder, tag + Extension);

    /// <summary>
    /// Removes the index folder an earlier version kept inside <paramref name="mainFolder"/>: its indexes and the
    /// temporary files of their writes, then the folder when that left it empty. It is never read. A link of that
    /// name, and anything in the folder the library did not write, are left alone.
    /// </summary>
    /// <returns>Null when nothing is left in the main folder; else why the folder stays (for a warning).</returns>
    public static string? RemoveFolderInMainFolder(string mainFolder)
    {
        string folder = Path.Combine(mainFolder, OldFolderName);
        try
        {
            var info = new DirectoryInfo(folder);
            if (!info.Exists) return null;
            if (info.LinkTarget is not null) return "it is a link, which the library never made; remove it yourself";
            var options = new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false, RecurseSubdirectories = false };
            foreach (var entry in info.EnumerateFileSystemInfos("*", options))
            {
                // A link named like an index is removed as a link (File.Delete never follows it); a folder is not ours.
                bool ours = entry.Name.EndsWith(Extension, StringComparison.Ordinal) || AtomicFile.IsTemporaryFileName(entry.Name);
                if (ours && (entry is FileInfo || entry.LinkTarget is not null)) File.Delete(entry.FullName);
            }
            Directory.Delete(folder, recursive: false);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }

    /// <summary>Reads the index; null (with the reason) when it is missing or cannot be trusted.</summary>
    /// <remarks>
    /// The file is mapped, not copied: reading 13 MB into a new array was measured here at ~50 ms (page faults on
    /// fresh memory), mapping and checking it at ~3 ms. Writers replace the file atomically and never change it in
    /// place, so the mapping sees one complete version.
    /// </remarks>
    public static unsafe RunTable? TryRead(string path, string tag, out string? reason)
    {
        reason = null;
        try
        {
            using var file = RegularFile.OpenRead(path); // never a pipe or a device in the index's place
            long length = RandomAccess.GetLength(file);
            if (length == 0) throw new InvalidDataException("the index is empty");
            if (length > int.MaxValue) throw new InvalidDataException($"the index is {length} bytes, more than an index can be");
            using var map = MemoryMappedFile.CreateFromFile(file, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
            using var view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            byte* start = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
            try
            {
                return Decode(new ReadOnlySpan<byte>(start + view.PointerOffset, (int)length), tag);
            }
            finally
            {
                view.SafeMemoryMappedViewHandle.ReleasePointer();
            }
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException
            or IndexOutOfRangeException or OverflowException or DecoderFallbackException)
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
    public static byte[] Encode(RunTable table, string tag)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("The group index is written on little-endian machines only.");
        var strings = new StringTable();
        int n = table.Count;
        var body = new ByteWriter(n * 100 + 1024);
        foreach (var field in table.Fields) { strings.Id(field.Section); strings.Id(field.Key); }
        // Texts of the columns and problems get ids first; the string table is written before them.
        var columnTexts = ColumnTexts(table, strings);
        var problems = table.Problems.OrderBy(p => p.Key).Select(p => (p.Key, strings.Id(p.Value))).ToList();

        body.Text(tag);
        WriteStat(ref body, table.MainFolderStat);
        body.VarUInt((ulong)strings.Texts.Count);
        foreach (string text in strings.Texts) body.Text(text);
        body.VarUInt((ulong)table.Fields.Count);
        foreach (var field in table.Fields)
        {
            body.VarUInt((ulong)strings.Id(field.Section));
            body.VarUInt((ulong)strings.Id(field.Key));
        }
        body.VarUInt((ulong)n);
        foreach (string name in table.Names) body.Text(name);
        body.Bytes(MemoryMarshal.AsBytes(table.States.AsSpan()));
        body.Bytes(MemoryMarshal.AsBytes(table.Stats.AsSpan()));
        body.VarUInt((ulong)problems.Count);
        foreach (var (run, id) in problems) { body.VarUInt((ulong)run); body.VarUInt((ulong)id); }
        for (int f = 0; f < columnTexts.Length; f++)
        {
            Column column = table.ColumnOf(f);
            body.Bytes(MemoryMarshal.AsBytes(column.Kinds.AsSpan()));
            body.Bytes(MemoryMarshal.AsBytes(column.Bits.AsSpan()));
            body.VarUInt((ulong)columnTexts[f].Count);
            int previous = 0;
            foreach (var (run, id) in columnTexts[f])
            {
                body.VarUInt((ulong)(run - previous));
                body.VarUInt((ulong)id);
                previous = run;
            }
        }

        return WithHeader(body.Written);
    }

    /// <summary>For each column, the runs holding a text or literal and the ids of those texts, by run.</summary>
    private static List<(int Run, int Id)>[] ColumnTexts(RunTable table, StringTable strings)
    {
        var columnTexts = new List<(int Run, int Id)>[table.Fields.Count];
        for (int f = 0; f < columnTexts.Length; f++)
        {
            Column column = table.ColumnOf(f);
            var texts = new List<(int, int)>();
            if (column.Objects is { } objects)
            {
                for (int run = 0; run < table.Count; run++)
                {
                    if (column.Kinds[run] is CellKind.Text) texts.Add((run, strings.Id((string)objects[run]!)));
                    else if (column.Kinds[run] is CellKind.Literal) texts.Add((run, strings.Id(((CellValue.Literal)objects[run]!).Text)));
                }
            }
            columnTexts[f] = texts;
        }
        return columnTexts;
    }

    /// <summary>The file: magic, format version, payload length, the payload's and the header's CRC-32C, then the payload.</summary>
    private static byte[] WithHeader(ReadOnlySpan<byte> payload)
    {
        byte[] file = new byte[HeaderSize + payload.Length];
        Magic.CopyTo(file, 0);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(8), FormatVersion);
        BinaryPrimitives.WriteInt64LittleEndian(file.AsSpan(16), payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(24), Crc32C.Compute(payload));
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(28), Crc32C.Compute(file.AsSpan(0, 28)));
        payload.CopyTo(file.AsSpan(HeaderSize));
        return file;
    }

    /// <summary>Decodes and checks an index; InvalidDataException when anything is wrong with it.</summary>
    public static RunTable Decode(ReadOnlySpan<byte> file, string tag)
    {
        if (!BitConverter.IsLittleEndian) throw new InvalidDataException("the group index is read on little-endian machines only");
        ReadOnlySpan<byte> body = CheckedPayload(file);
        var reader = new ByteReader(body);
        string indexTag = reader.Text();
        if (indexTag != tag) throw new InvalidDataException($"the index is for tag '{indexTag}', not '{tag}'");
        ConfigStat mainStat = ReadStat(ref reader);
        var strings = new string[reader.Count(body.Length)];
        for (int i = 0; i < strings.Length; i++) strings[i] = reader.Text();
        var fields = new FieldName[reader.Count(body.Length)];
        for (int i = 0; i < fields.Length; i++)
            fields[i] = new FieldName(strings[reader.Index(strings.Length)], strings[reader.Index(strings.Length)]);

        int n = reader.Count(body.Length);
        var names = ReadNames(ref reader, n, tag);
        var table = new RunTable(names) { MainFolderStat = mainStat };
        reader.Take(n).CopyTo(MemoryMarshal.AsBytes(table.States.AsSpan()));
        foreach (var state in table.States)
            if (state > RunState.Damaged) throw new InvalidDataException($"the index has an unknown run state {(byte)state}");
        reader.Take(n * Unsafe.SizeOf<ConfigStat>()).CopyTo(MemoryMarshal.AsBytes(table.Stats.AsSpan()));
        int problemCount = reader.Count(n);
        for (int i = 0; i < problemCount; i++)
        {
            int run = reader.Index(n);
            table.Problems[run] = strings[reader.Index(strings.Length)];
        }
        foreach (var field in fields) table.AddColumn(field, ReadColumn(ref reader, n, strings));
        if (!reader.AtEnd) throw new InvalidDataException("the index has bytes after its last column");
        return table;
    }

    private static string[] ReadNames(ref ByteReader reader, int count, string tag)
    {
        var names = new string[count];
        var order = new NaturalRunOrder(tag.Length);
        for (int run = 0; run < names.Length; run++)
        {
            string name = reader.Text();
            if (!RunFolderName.IsRunOf(name, tag)) throw new InvalidDataException($"the index lists '{name}', which is not a run of '{tag}'");
            if (run > 0 && order.Compare(names[run - 1], name) >= 0) throw new InvalidDataException("the index's runs are not in natural order");
            names[run] = name;
        }
        return names;
    }

    private static Column ReadColumn(ref ByteReader reader, int count, string[] strings)
    {
        var kinds = new CellKind[count];
        reader.Take(count).CopyTo(MemoryMarshal.AsBytes(kinds.AsSpan()));
        if (MemoryMarshal.AsBytes(kinds.AsSpan()).IndexOfAnyExceptInRange((byte)CellKind.Missing, (byte)CellKind.Literal) >= 0)
            throw new InvalidDataException("the index has an unknown cell kind");
        var bits = new long[count];
        reader.Take(count * sizeof(long)).CopyTo(MemoryMarshal.AsBytes(bits.AsSpan()));
        int textCount = reader.Count(count);
        object?[]? objects = textCount > 0 ? new object?[count] : null;
        Dictionary<int, CellValue.Literal>? literals = null;
        int run = 0;
        for (int i = 0; i < textCount; i++)
        {
            run += (int)reader.VarUInt();
            if ((uint)run >= (uint)count) throw new InvalidDataException("the index refers to a run beyond the last");
            int id = reader.Index(strings.Length);
            objects![run] = kinds[run] switch
            {
                CellKind.Text => strings[id],
                CellKind.Literal => LiteralOf(id),
                _ => throw new InvalidDataException("the index has a text for a cell that holds none"),
            };
        }
        for (int r = 0; r < count; r++)
            if (kinds[r] is CellKind.Text or CellKind.Literal && objects?[r] is null) throw new InvalidDataException("the index lacks the text of a cell");
        return new Column(kinds, bits, objects);

        // Sweeps repeat their lists: one literal per distinct text.
        CellValue.Literal LiteralOf(int id)
        {
            literals ??= new Dictionary<int, CellValue.Literal>();
            if (!literals.TryGetValue(id, out var literal)) literals.Add(id, literal = new CellValue.Literal(strings[id]));
            return literal;
        }
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

    private static void WriteStat(ref ByteWriter writer, ConfigStat stat)
    {
        writer.VarInt(stat.Inode);
        writer.VarInt(stat.Size);
        writer.Int64(stat.ModifiedNs);
        writer.VarInt(stat.ChangedNs - stat.ModifiedNs);
    }

    private static ConfigStat ReadStat(ref ByteReader reader)
    {
        long inode = reader.VarInt();
        long size = reader.VarInt();
        long modified = reader.Int64();
        long changed = modified + reader.VarInt();
        return new ConfigStat(inode, size, modified, changed);
    }

    /// <summary>Appends to a growing byte array.</summary>
    /// <summary>The index's table of distinct texts: each text once, numbered in order of first use.</summary>
    private sealed class StringTable
    {
        private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);

        public List<string> Texts { get; } = new();

        public int Id(string text)
        {
            if (!_ids.TryGetValue(text, out int id))
            {
                id = Texts.Count;
                _ids.Add(text, id);
                Texts.Add(text);
            }
            return id;
        }
    }

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

        public ReadOnlySpan<byte> Take(int count)
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
