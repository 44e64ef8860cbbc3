// One test record with every type a [RunParameters] property may have: compiled into Storage.Typed.Tests (round
// trips through config.ini and the group's index) and read as source by Storage.Generators.Tests (the generated
// code is checked against Expected/AllTypes.g.cs). Change it here only; then rerun the generator test with
// STORAGETYPED_UPDATE_EXPECTED=1 and review the diff.
using System;
using System.Collections.Generic;
using System.Numerics;
using StorageTyped;

namespace StorageTyped.Tests.Shared;

public enum Mode { Fast, Accurate }

/// <summary>Every supported type, its nullable form, and arrays and lists of them.</summary>
[RunParameters]
public partial record AllTypes
{
    public bool Flag { get; init; }
    public sbyte SByteValue { get; init; }
    public byte ByteValue { get; init; }
    public short ShortValue { get; init; }
    public ushort UShortValue { get; init; }
    public int IntValue { get; init; }
    public uint UIntValue { get; init; }
    public long LongValue { get; init; }
    public ulong ULongValue { get; init; }
    public nint NIntValue { get; init; }
    public nuint NUIntValue { get; init; }
    public Int128 Int128Value { get; init; }
    public UInt128 UInt128Value { get; init; }
    public BigInteger BigValue { get; init; }
    public float FloatValue { get; init; }
    public double DoubleValue { get; init; }
    public Half HalfValue { get; init; }
    public decimal DecimalValue { get; init; }
    public char CharValue { get; init; } = 'x';
    public string Text { get; init; } = "";
    public string? MaybeText { get; init; } = "set";
    public Mode Mode { get; init; }
    public DateTime When { get; init; }
    public DateTimeOffset WhenOffset { get; init; }
    public TimeSpan Duration { get; init; }
    public Guid Id { get; init; }
    public bool? MaybeFlag { get; init; } = true;
    public int? MaybeInt { get; init; } = 1;
    public double? MaybeDouble { get; init; } = 1;
    public float? MaybeFloat { get; init; } = 1;
    public Mode? MaybeMode { get; init; } = Mode.Fast;
    public DateTime? MaybeWhen { get; init; } = DateTime.UnixEpoch;
    public int[] Ints { get; init; } = [];
    public double[]? MaybeDoubles { get; init; } = [1.0];
    public string[] Words { get; init; } = [];
    public int?[] Holes { get; init; } = [];
    public List<double> Rates { get; init; } = [];
    public List<Mode>? Modes { get; init; } = [];
    public IReadOnlyList<long> Sizes { get; init; } = [];
    public IList<Guid> Ids { get; init; } = new List<Guid>();
    public IEnumerable<TimeSpan> Durations { get; init; } = [];
}
