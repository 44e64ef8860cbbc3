namespace StorageTyped;

/// <summary>Statistics of one parameter over the runs that share a value of another (<see cref="RunQuery{T}.Summarize{TKey}"/>).</summary>
/// <param name="Key">The shared value.</param>
/// <param name="Count">How many runs have it (with a value that is not null or NaN).</param>
/// <param name="Mean">The mean (np.mean).</param>
/// <param name="Std">The population standard deviation (np.std, ddof = 0).</param>
/// <param name="Min">The smallest value.</param>
/// <param name="Max">The largest value.</param>
public sealed record ParameterSummary<TKey>(TKey Key, int Count, double Mean, double Std, double Min, double Max);
