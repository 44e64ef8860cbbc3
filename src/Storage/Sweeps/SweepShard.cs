using System.Globalization;

namespace StorageTyped;

/// <summary>
/// Which share of a sweep's points a process runs: shard <see cref="Index"/> of <see cref="Count"/>. The points are
/// ordered by their identity and dealt out in turn, so that the shares are equal within one point, do not depend on
/// the order a program lists its points in, and together hold every point. Claims still keep any point from running
/// twice at once when shards overlap (a task started twice, or two different counts).
/// </summary>
public sealed record SweepShard
{
    /// <summary>The environment variable that gives the number of shards of a Kubernetes indexed job (its completions).</summary>
    public const string CountVariable = "STORAGETYPED_SHARD_COUNT";

    /// <summary>Shard <paramref name="index"/> (from 0) of <paramref name="count"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The count is below 1, or the index is not in [0, count).</exception>
    public SweepShard(int index, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (index < 0 || index >= count)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"A shard index is from 0 to count - 1 ({count - 1}).");
        Index = index;
        Count = count;
    }

    /// <summary>The shard's number, from 0.</summary>
    public int Index { get; }

    /// <summary>How many shards the points are dealt into.</summary>
    public int Count { get; }

    /// <summary>
    /// The shard of this process from its environment: a Slurm job array task (<c>SLURM_ARRAY_TASK_ID</c>,
    /// <c>SLURM_ARRAY_TASK_COUNT</c>, with <c>SLURM_ARRAY_TASK_MIN</c> and <c>SLURM_ARRAY_TASK_STEP</c> for arrays that do
    /// not start at 0 or step by more than 1), or a Kubernetes indexed job (<c>JOB_COMPLETION_INDEX</c> with the count in
    /// <see cref="CountVariable"/>); null outside both.
    /// </summary>
    /// <exception cref="InvalidOperationException">The variables are there but do not describe a shard; the message names them.</exception>
    public static SweepShard? FromEnvironment() => FromVariables(Environment.GetEnvironmentVariable);

    /// <summary><see cref="FromEnvironment"/> over any source of variables.</summary>
    internal static SweepShard? FromVariables(Func<string, string?> variable)
    {
        if (variable("SLURM_ARRAY_TASK_ID") is { Length: > 0 } taskText)
        {
            int task = Number("SLURM_ARRAY_TASK_ID", taskText);
            int count = Number("SLURM_ARRAY_TASK_COUNT", variable("SLURM_ARRAY_TASK_COUNT"));
            int min = variable("SLURM_ARRAY_TASK_MIN") is { Length: > 0 } minText ? Number("SLURM_ARRAY_TASK_MIN", minText) : 0;
            int step = variable("SLURM_ARRAY_TASK_STEP") is { Length: > 0 } stepText ? Number("SLURM_ARRAY_TASK_STEP", stepText) : 1;
            if (task < min || step < 1 || (task - min) % step != 0 || (task - min) / step >= count)
                throw new InvalidOperationException(
                    $"SLURM_ARRAY_TASK_ID={task} is not one of the {count} tasks from SLURM_ARRAY_TASK_MIN={min} in steps of {step}: a sweep needs an evenly stepped array (--array=0-{count - 1} or --array=1-{count}), or an explicit SweepOptions.Shard.");
            return Checked((task - min) / step, count, "SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT");
        }
        if (variable("JOB_COMPLETION_INDEX") is { Length: > 0 } indexText)
        {
            string? countText = variable(CountVariable);
            if (countText is not { Length: > 0 })
                throw new InvalidOperationException(
                    $"JOB_COMPLETION_INDEX is set (a Kubernetes indexed job) but {CountVariable} is not: set it in the pod template to the job's completions, so that each pod knows its share.");
            return Checked(Number("JOB_COMPLETION_INDEX", indexText), Number(CountVariable, countText), "JOB_COMPLETION_INDEX", CountVariable);
        }
        return null;
    }

    private static SweepShard Checked(int index, int count, string indexName, string countName)
    {
        if (count < 1 || index < 0 || index >= count)
            throw new InvalidOperationException($"{indexName} gives shard {index} of {countName}={count}; a shard is from 0 to the count - 1.");
        return new SweepShard(index, count);
    }

    private static int Number(string name, string? text)
    {
        if (text is null || !int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int value))
            throw new InvalidOperationException($"{name} is '{text ?? "(not set)"}', not a whole number; a sweep reads its shard from it.");
        return value;
    }

    /// <summary>"shard i of n".</summary>
    public override string ToString() => $"shard {Index} of {Count}";
}
