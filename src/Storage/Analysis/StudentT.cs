namespace StorageTyped.Analysis;

/// <summary>
/// Quantiles of Student's t distribution for whole degrees of freedom, to the last bits of a double: the two-sided
/// probability P(|T| &lt; t) = A(t | ν) has a closed form for integer ν (Abramowitz and Stegun 26.7.3 and 26.7.4, a
/// finite sum of powers of cos θ with θ = atan(t / √ν)), which is solved for θ by bisection. No gamma function and
/// no series that stops early, so the interval agrees with scipy's t.interval to about 1e-15 relative.
/// </summary>
internal static class StudentT
{
    private static readonly Dictionary<(int, double), double> Cache = new();

    /// <summary>
    /// The t with P(|T| &lt; t) = <paramref name="confidence"/> for <paramref name="degreesOfFreedom"/> degrees of
    /// freedom: scipy.stats.t.ppf((1 + confidence) / 2, df). NaN for fewer than one degree of freedom.
    /// </summary>
    public static double TwoSidedQuantile(double confidence, int degreesOfFreedom)
    {
        if (degreesOfFreedom < 1 || !(confidence > 0 && confidence < 1)) return double.NaN;
        lock (Cache)
            if (Cache.TryGetValue((degreesOfFreedom, confidence), out double cached)) return cached;
        double low = 0, high = Math.PI / 2;
        while (true)
        {
            double middle = low + (high - low) / 2;
            if (middle <= low || middle >= high) break;
            if (TwoSidedProbability(middle, degreesOfFreedom) < confidence) low = middle;
            else high = middle;
        }
        double theta = low + (high - low) / 2;
        double t = Math.Sqrt(degreesOfFreedom) * Math.Tan(theta);
        lock (Cache) Cache[(degreesOfFreedom, confidence)] = t;
        return t;
    }

    /// <summary>A(t | ν) = P(|T| &lt; t) written with θ = atan(t / √ν), for θ in [0, π/2].</summary>
    private static double TwoSidedProbability(double theta, int nu)
    {
        double sin = Math.Sin(theta), cos = Math.Cos(theta), cos2 = cos * cos;
        if (nu == 1) return 2 * theta / Math.PI;
        // Neumaier's summation: up to ν/2 positive terms, so that large ν keep every digit.
        double sum = 1, compensation = 0, term = 1;
        if (nu % 2 == 0)
        {
            for (int k = 1; k <= (nu - 2) / 2; k++)
            {
                term *= (2.0 * k - 1) / (2.0 * k) * cos2;
                if (term == 0) break;
                Add(ref sum, ref compensation, term);
            }
            return sin * (sum + compensation);
        }
        for (int k = 1; k <= (nu - 3) / 2; k++)
        {
            term *= 2.0 * k / (2.0 * k + 1) * cos2;
            if (term == 0) break;
            Add(ref sum, ref compensation, term);
        }
        return 2 / Math.PI * (theta + sin * cos * (sum + compensation));
    }

    private static void Add(ref double sum, ref double compensation, double value)
    {
        double t = sum + value;
        compensation += Math.Abs(sum) >= Math.Abs(value) ? (sum - t) + value : (value - t) + sum;
        sum = t;
    }
}
