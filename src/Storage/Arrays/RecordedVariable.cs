using System.Runtime.InteropServices;

namespace StorageTyped.Arrays;

/// <summary>
/// One variable of a <see cref="Recorder"/>: its dtype and per-step shape, fixed by the first step, and the steps'
/// bytes in chunks that double in size up to 64 MiB. Appending never moves what is stored, so recording n steps
/// costs O(n) copies in total, and saving writes the chunks one after another.
/// </summary>
internal sealed class RecordedVariable
{
    private const int FirstChunkBytes = 4096;
    private const int LargestChunkBytes = 64 << 20;

    private readonly List<byte[]> _chunks = [];
    private int _usedInLastChunk;

    public RecordedVariable(NpyDType dtype, ReadOnlySpan<long> stepShape, long bytesPerStep)
    {
        DType = dtype;
        StepShape = stepShape.ToArray();
        BytesPerStep = bytesPerStep;
    }

    /// <summary>The element type.</summary>
    public NpyDType DType { get; }

    /// <summary>The shape of one step (empty for a scalar per step).</summary>
    public long[] StepShape { get; }

    /// <summary>Bytes of one step.</summary>
    public long BytesPerStep { get; }

    /// <summary>The number of steps recorded.</summary>
    public long Steps { get; private set; }

    /// <summary>The shape of everything recorded: steps × step shape.</summary>
    public long[] Shape => [Steps, .. StepShape];

    /// <summary>Appends bytes of the current step (C order); <see cref="EndStep"/> completes it.</summary>
    public void AppendPart(ReadOnlySpan<byte> step)
    {
        while (!step.IsEmpty)
        {
            if (_chunks.Count == 0 || _usedInLastChunk == _chunks[^1].Length)
            {
                int size = _chunks.Count == 0 ? FirstChunkBytes : (int)Math.Min(LargestChunkBytes, 2L * _chunks[^1].Length);
                _chunks.Add(GC.AllocateUninitializedArray<byte>(size));
                _usedInLastChunk = 0;
            }
            byte[] chunk = _chunks[^1];
            int count = Math.Min(step.Length, chunk.Length - _usedInLastChunk);
            step[..count].CopyTo(chunk.AsSpan(_usedInLastChunk));
            _usedInLastChunk += count;
            step = step[count..];
        }
    }

    /// <summary>Counts the step whose bytes were appended.</summary>
    public void EndStep() => Steps++;

    /// <summary>The stored bytes in order, as pieces (the last chunk trimmed to what is used).</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Pieces()
    {
        var pieces = new ReadOnlyMemory<byte>[_chunks.Count];
        for (int i = 0; i < _chunks.Count; i++)
            pieces[i] = i == _chunks.Count - 1 ? _chunks[i].AsMemory(0, _usedInLastChunk) : _chunks[i];
        return pieces;
    }

    /// <summary>Copies everything recorded, in order, to <paramref name="destination"/>.</summary>
    public void CopyTo(Span<byte> destination)
    {
        foreach (ReadOnlyMemory<byte> piece in Pieces())
        {
            piece.Span.CopyTo(destination);
            destination = destination[piece.Length..];
        }
    }
}
