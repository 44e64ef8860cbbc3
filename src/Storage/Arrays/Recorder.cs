using System.Runtime.InteropServices;
using NumSharp;
using StorageTyped.Arrays;

namespace StorageTyped;

/// <summary>
/// Collects named variables over time steps, such as a neuron group's voltages each step, for
/// <see cref="StorageManager.SaveRecorder"/>, which writes one .npy per variable stacked over time (steps × the
/// shape of one step), as PymoNNto's recorders are saved.
/// </summary>
/// <remarks>
/// Each <c>Record</c> call appends one step of one variable. The first step fixes the variable's element type and
/// per-step shape; later steps must match. Steps are copied into chunks that are never moved, so appending costs the
/// same at step ten million as at step one. Not thread-safe: record from one thread (or lock around it).
/// </remarks>
/// <example>
/// <code>
/// var recorder = new Recorder();
/// for (int step = 0; step &lt; 1000; step++)
/// {
///     recorder.Record("voltage", voltages);        // double[] of 100 neurons → voltage: (1000, 100)
///     recorder.Record("mean_rate", rate);          // one double → mean_rate: (1000,)
/// }
/// sm.SaveRecorder("rec_", recorder);               // rec_voltage.npy, rec_mean_rate.npy
/// </code>
/// </example>
public sealed class Recorder
{
    private readonly Dictionary<string, RecordedVariable> _variables = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];

    /// <summary>The recorded variables' names, in the order they were first recorded.</summary>
    public IReadOnlyList<string> Variables => _names;

    /// <summary>True when <paramref name="variable"/> has been recorded.</summary>
    public bool Contains(string variable) => _variables.ContainsKey(variable);

    /// <summary>The number of steps recorded for <paramref name="variable"/>.</summary>
    /// <exception cref="KeyNotFoundException">Nothing was recorded under that name.</exception>
    public long StepCount(string variable) => Get(variable).Steps;

    /// <summary>Records one value (a scalar step); the saved array has shape (steps,).</summary>
    /// <exception cref="ArgumentException">The type or shape differs from the variable's earlier steps, or numpy has no dtype for <typeparamref name="T"/>.</exception>
    public void Record<T>(string variable, T value) where T : unmanaged =>
        Record(variable, new ReadOnlySpan<T>(in value), ReadOnlySpan<long>.Empty);

    /// <summary>Records one step of a vector; the saved array has shape (steps, length).</summary>
    /// <exception cref="ArgumentException">The type or length differs from the variable's earlier steps, or numpy has no dtype for <typeparamref name="T"/>.</exception>
    public void Record<T>(string variable, T[] values) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(values);
        Record(variable, new ReadOnlySpan<T>(values), [values.LongLength]);
    }

    /// <summary>Records one step of a vector; the saved array has shape (steps, length).</summary>
    /// <exception cref="ArgumentException">The type or length differs from the variable's earlier steps, or numpy has no dtype for <typeparamref name="T"/>.</exception>
    public void Record<T>(string variable, ReadOnlySpan<T> values) where T : unmanaged =>
        Record(variable, values, [values.Length]);

    /// <summary>Records one step given as flat C-order data with its shape; the saved array has shape (steps, …shape).</summary>
    /// <exception cref="ArgumentException">The shape does not describe the data, or type or shape differ from the variable's earlier steps.</exception>
    public void Record<T>(string variable, ReadOnlySpan<T> values, ReadOnlySpan<long> shape) where T : unmanaged
    {
        NpyDType dtype = NpySource.DTypeOf<T>(nameof(T));
        NpySource.CheckShape(shape, values.Length, nameof(shape));
        Append(variable, dtype, shape, MemoryMarshal.AsBytes(values));
    }

    /// <summary>Records one step of a .NET array of any rank (T[,], T[,,] …); the saved array has shape (steps, …dimensions).</summary>
    /// <exception cref="ArgumentException">numpy has no dtype for the element type, or type or shape differ from the variable's earlier steps.</exception>
    public void Record(string variable, Array values)
    {
        ArgumentNullException.ThrowIfNull(values);
        NpyDType dtype = NpySource.DTypeOf(values.GetType().GetElementType()!, nameof(values));
        Span<long> shape = stackalloc long[NpyHeaderFormatter.MaxRank];
        int rank = NpySource.ShapeOf(values, shape);
        long length = values.LongLength * NpyDTypes.ItemSize(dtype);
        AppendLarge(variable, dtype, shape[..rank], ref NpySource.DataOf(values), length);
    }

    /// <summary>Records one step of a NumSharp array (copied in C order); the saved array has shape (steps, …shape).</summary>
    /// <exception cref="ArgumentException">numpy has no dtype for the array's type, or type or shape differ from the variable's earlier steps.</exception>
    public void Record(string variable, NDArray values)
    {
        ArgumentNullException.ThrowIfNull(values);
        NpyDType dtype = NpySource.DTypeOf(values, nameof(values));
        NDArray? copy = values.Shape.IsContiguous && !values.Shape.IsBroadcasted ? null : values.copy('C');
        try
        {
            NDArray source = copy ?? values;
            AppendLarge(variable, dtype, source.shape, ref NpySource.DataOf(source, out _), source.size * NpyDTypes.ItemSize(dtype));
        }
        finally
        {
            copy?.Dispose();
        }
    }

    /// <summary>Everything recorded for <paramref name="variable"/>, stacked: shape (steps, …step shape).</summary>
    /// <exception cref="KeyNotFoundException">Nothing was recorded under that name.</exception>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not the variable's element type.</exception>
    public NpyArray<T> Get<T>(string variable) where T : unmanaged
    {
        RecordedVariable recorded = Get(variable);
        if (!NpyDTypeOf<T>.IsSupported || NpyDTypeOf<T>.Value != recorded.DType)
            throw new ArgumentException($"The variable '{variable}' holds {NpyDTypes.Name(recorded.DType)}; get it as {NpyDTypes.ClrName(recorded.DType)}.", nameof(T));
        long[] shape = recorded.Shape;
        long count = recorded.Steps * (recorded.BytesPerStep / NpyDTypes.ItemSize(recorded.DType));
        if (count > Array.MaxLength)
            throw new InvalidOperationException($"The variable '{variable}' has {count:N0} elements, more than a .NET array holds; save it with SaveRecorder instead.");
        T[] data = GC.AllocateUninitializedArray<T>((int)count);
        recorded.CopyTo(MemoryMarshal.AsBytes(data.AsSpan()));
        return new NpyArray<T>(data, shape);
    }

    /// <summary>Forgets every variable.</summary>
    public void Clear()
    {
        _variables.Clear();
        _names.Clear();
    }

    internal RecordedVariable Get(string variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        return _variables.TryGetValue(variable, out RecordedVariable? recorded)
            ? recorded
            : throw new KeyNotFoundException($"Nothing was recorded under '{variable}'. Recorded: {(_names.Count == 0 ? "none" : string.Join(", ", _names.Select(n => "'" + n + "'")))}.");
    }

    private void AppendLarge(string variable, NpyDType dtype, ReadOnlySpan<long> shape, ref byte data, long length)
    {
        RecordedVariable recorded = Prepare(variable, dtype, shape, length);
        for (long done = 0; done < length;)
        {
            int chunk = (int)Math.Min(1 << 30, length - done);
            recorded.AppendPart(MemoryMarshal.CreateReadOnlySpan(ref System.Runtime.CompilerServices.Unsafe.Add(ref data, (nint)done), chunk));
            done += chunk;
        }
        recorded.EndStep();
    }

    private void Append(string variable, NpyDType dtype, ReadOnlySpan<long> shape, ReadOnlySpan<byte> data)
    {
        RecordedVariable recorded = Prepare(variable, dtype, shape, data.Length);
        recorded.AppendPart(data);
        recorded.EndStep();
    }

    private RecordedVariable Prepare(string variable, NpyDType dtype, ReadOnlySpan<long> shape, long length)
    {
        ArgumentException.ThrowIfNullOrEmpty(variable);
        if (_variables.TryGetValue(variable, out RecordedVariable? recorded))
        {
            if (recorded.DType != dtype || !recorded.StepShape.AsSpan().SequenceEqual(shape))
                throw new ArgumentException(
                    $"The variable '{variable}' was recorded as {NpyDTypes.Name(recorded.DType)} {NpyHeaderParser.FormatShape(recorded.StepShape)} per step; step {recorded.Steps} is {NpyDTypes.Name(dtype)} {NpyHeaderParser.FormatShape(shape)}. Every step of a variable must have the same type and shape.",
                    nameof(variable));
            return recorded;
        }
        if (shape.Length >= NpyHeaderFormatter.MaxRank)
            throw new ArgumentException($"A step of '{variable}' has {shape.Length} dimensions; with the time axis numpy reads at most {NpyHeaderFormatter.MaxRank}.", nameof(variable));
        recorded = new RecordedVariable(dtype, shape, length);
        _variables.Add(variable, recorded);
        _names.Add(variable);
        return recorded;
    }
}
