using Razorvine.Pickle;
using Razorvine.Pickle.Objects;

namespace StorageTyped.Objects;

/// <summary>
/// The only names a pickle may use, and what builds them: the reduce forms Python writes for plain data (bytes,
/// bytearray, set and frozenset in protocols 2 and 3) and for numpy arrays, dtypes and scalars. Nothing a file names
/// is ever called: each allowed name is built by a constructor of this library that only reads data.
/// </summary>
/// <remarks>
/// Razorvine.Pickle keeps its constructors in one process-wide table; the names here are registered there once
/// (numpy's, frozenset, and a <c>_codecs.encode</c> that accepts only the latin-1 that pickle writes, instead of
/// Razorvine's, which takes any encoding a file names). Names Razorvine knows besides (complex, datetime, decimal,
/// array, exceptions) are refused by the scan before unpickling.
/// </remarks>
internal static class PickleGlobals
{
    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal)
    {
        "__builtin__.set", "builtins.set", "__builtin__.frozenset", "builtins.frozenset",
        "__builtin__.bytearray", "builtins.bytearray", "__builtin__.bytes", "builtins.bytes", "_codecs.encode",
        "numpy.ndarray", "numpy.dtype",
        "numpy.core.multiarray._reconstruct", "numpy._core.multiarray._reconstruct",
        "numpy.core.multiarray.scalar", "numpy._core.multiarray.scalar",
        "numpy.core.numeric._frombuffer", "numpy._core.numeric._frombuffer",
    };

    private static readonly object Gate = new();
    private static bool s_registered;

    /// <summary>Throws unless <paramref name="module"/>.<paramref name="name"/> is plain data.</summary>
    /// <exception cref="InvalidDataException">The name is not allowed; the message names it and the file.</exception>
    public static void Require(string module, string name, string path)
    {
        if (Allowed.Contains(module + "." + name)) return;
        throw new InvalidDataException($"'{path}' holds a pickled {module}.{name}, which is not plain data (None, bool, int, float, str, bytes, list, tuple, dict, set, numpy arrays and scalars). Pickles are read as data only: no class named in a file is built and no function it names is called. Save it from Python as plain data (or with numpy.save) to read it here.");
    }

    /// <summary>Registers this library's constructors with Razorvine.Pickle (once per process).</summary>
    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (s_registered) return;
            var set = new SetConstructor();
            foreach (string module in new[] { "__builtin__", "builtins" })
            {
                Unpickler.registerConstructor(module, "frozenset", set);
                Unpickler.registerConstructor(module, "bytes", new Latin1BytesConstructor());
                Unpickler.registerConstructor(module, "bytearray", new Latin1BytesConstructor());
            }
            Unpickler.registerConstructor("_codecs", "encode", new Latin1BytesConstructor());
            Unpickler.registerConstructor("numpy", "ndarray", NumpyPickle.NdarrayClass.Instance);
            Unpickler.registerConstructor("numpy", "dtype", new NumpyPickle.DTypeConstructor());
            foreach (string core in new[] { "numpy.core", "numpy._core" })
            {
                Unpickler.registerConstructor(core + ".multiarray", "_reconstruct", new NumpyPickle.ReconstructConstructor());
                Unpickler.registerConstructor(core + ".multiarray", "scalar", new NumpyPickle.ScalarConstructor());
                Unpickler.registerConstructor(core + ".numeric", "_frombuffer", new NumpyPickle.FromBufferConstructor());
            }
            s_registered = true;
        }
    }

    /// <summary>
    /// bytes, bytearray and _codecs.encode as pickle writes them: no argument, a byte string, a list of byte values,
    /// or a text and the encoding latin-1 (each character one byte). Any other encoding is refused.
    /// </summary>
    private sealed class Latin1BytesConstructor : IObjectConstructor
    {
        public object construct(object[] args)
        {
            switch (args)
            {
                case []: return Array.Empty<byte>();
                case [byte[] bytes]: return bytes;
                case [System.Collections.ArrayList values]:
                    return values.Cast<object>().Select(v => v is int b and >= 0 and <= 255 ? (byte)b : throw new PickleException("a bytes value outside 0-255")).ToArray();
                case [string text, string encoding] when encoding is "latin1" or "latin-1" or "iso-8859-1":
                    var result = new byte[text.Length];
                    for (int i = 0; i < text.Length; i++)
                        result[i] = text[i] <= '\u00ff' ? (byte)text[i] : throw new PickleException("a latin-1 text with a character beyond U+00FF");
                    return result;
                default:
                    throw new PickleException("bytes encoded other than as latin-1");
            }
        }
    }
}
