using System.CommandLine;
using ScottPlot;
using StorageTyped.Cli.Output;
using StorageTyped.Cli.Plotting;

namespace StorageTyped.Cli.Commands;

/// <summary>runs plot: a scatter or line plot of two parameters, as PNG or SVG, rendered with ScottPlot.</summary>
internal static class PlotCommand
{
    public static Command Create()
    {
        var group = new GroupOptions();
        var x = new Option<string>("--x", "-x") { Description = "The parameter on the x axis (numeric).", Required = true };
        var y = new Option<string>("--y", "-y") { Description = "The parameter on the y axis (numeric).", Required = true };
        var agg = new Option<string?>("--agg") { Description = "Combine the y values of runs that share an x value and draw a line: " + Statistic.Names + ". Without it, every run is a point." };
        var errorbars = new Option<string?>("--errorbars") { Description = "With --agg: error bars of this statistic of the same y values (std, or \"np.std(a)\", …)." };
        var series = new Option<string?>("--series") { Description = "One series (colour and legend entry) per value of this parameter, such as lr." };
        var output = OptionParsing.OutputFile("The image to write: .png or .svg.", required: false, defaultValue: "plot.png", ".png", ".svg");
        var title = new Option<string?>("--title") { Description = "The title (default: the group and what is plotted)." };
        var width = OptionParsing.Integer("--width", "Width in pixels.", 50, 20_000, 800, "pixels");
        var height = OptionParsing.Integer("--height", "Height in pixels.", 50, 20_000, 600, "pixels");

        var command = new Command("plot", "Plot one parameter against another (points, or aggregated lines with error bars) to PNG or SVG.");
        RunsCommand.SetHelp(command, """
            Plot one parameter against another, one point per run, or with --agg one line through the
            aggregated values (the group's RemoveDuplicatesGetEval), with optional error bars. Writes a
            PNG or SVG image; text uses an embedded font, so it shows on machines without fonts.
            """, """
              runs plot MyName --x number_of_neurons --y score -o score.png
              runs plot MyName --x number_of_neurons --y score --agg mean --errorbars std -o score.svg
              runs plot MyName --x number_of_neurons --y score --agg mean --series lr --status completed -o by-lr.png
            """);
        group.AddTo(command);
        foreach (var option in new Option[] { x, y, agg, errorbars, series, output, title, width, height }) command.Add(option);
        command.SetAction(result =>
        {
            var view = group.Open(result);
            var xColumn = ColumnSpec.Resolve(result.GetRequiredValue(x), view.Loaded, "--x");
            var yColumn = ColumnSpec.Resolve(result.GetRequiredValue(y), view.Loaded, "--y");
            var seriesColumn = result.GetValue(series) is { } s ? ColumnSpec.Resolve(s, view.Loaded, "--series") : null;
            var aggregation = result.GetValue(agg) is { } a ? Single(Statistic.Parse(a, "--agg", view.Group), "--agg") : null;
            var errors = result.GetValue(errorbars) is { } e ? Single(Statistic.Parse(e, "--errorbars", view.Group), "--errorbars") : null;
            if (errors is not null && aggregation is null)
                throw new CliException(ExitCode.Usage, "--errorbars needs --agg: error bars go on aggregated values (such as --agg mean --errorbars std).");

            Plot plot = Draw(view.Group, xColumn, yColumn, seriesColumn, aggregation, errors, out int points);
            if (points == 0)
                throw new CliException(ExitCode.UnknownColumn, $"No run of {view.Name} has values of both {xColumn.Name} and {yColumn.Name}" + (seriesColumn is null ? "" : $" and {seriesColumn.Name}") + "; there is nothing to plot.");
            plot.XLabel(xColumn.Name);
            plot.YLabel(aggregation is null ? yColumn.Name : $"{yColumn.Name} ({aggregation.Name}{(errors is null ? "" : " ± " + errors.Name)})");
            plot.Title(result.GetValue(title) ?? $"{view.Name}: {yColumn.Name} by {xColumn.Name}");
            if (seriesColumn is not null) plot.ShowLegend(Edge.Right); // beside the data, never over it

            string written = Save(plot, result.GetRequiredValue(output), result.GetValue(width), result.GetValue(height));
            Console.Error.WriteLine($"Wrote {written} ({points} runs).");
            return (int)view.ReportUnreadableRuns();
        });
        return command;
    }

    /// <summary>The points of every series, or with an aggregation its line (and error bars); <paramref name="points"/> counts the runs drawn.</summary>
    private static Plot Draw(StorageManagerGroup group, ColumnSpec xColumn, ColumnSpec yColumn, ColumnSpec? seriesColumn, Statistic? aggregation, Statistic? errors, out int points)
    {
        var plot = new Plot();
        PlotFont.Register();
        plot.Font.Set(PlotFont.Family);
        points = 0;
        foreach (var (label, xs, ys) in Series(group, xColumn, yColumn, seriesColumn))
        {
            points += xs.Count;
            if (aggregation is null)
            {
                var (px, py) = ToDoubles(xs, ys, xColumn.Name, yColumn.Name);
                var scatter = plot.Add.ScatterPoints(px, py);
                scatter.MarkerSize = 7;
                if (label is not null) scatter.LegendText = label;
                continue;
            }
            var (ux, uy) = aggregation.Apply(group, xs, ys, xColumn.Name, yColumn.Name);
            var line = plot.Add.Scatter(ux, uy);
            line.MarkerSize = 7;
            line.LineWidth = 2;
            if (label is not null) line.LegendText = label;
            if (errors is not null)
            {
                var (_, ey) = errors.Apply(group, xs, ys, xColumn.Name, yColumn.Name);
                var bars = plot.Add.ErrorBar(ux, uy, ey);
                bars.Color = line.Color;
            }
        }
        return plot;
    }

    /// <summary>Writes the plot as PNG or SVG (by the extension), atomically; returns the path written.</summary>
    private static string Save(Plot plot, string path, int width, int height)
    {
        bool svg = Path.GetExtension(path).Equals(".svg", StringComparison.OrdinalIgnoreCase);
        return OutputFile.Write(path, temporary =>
        {
            if (svg) File.WriteAllText(temporary, WithFallbackFonts(plot.GetSvgXml(width, height)));
            else File.WriteAllBytes(temporary, plot.GetImageBytes(width, height, ImageFormat.Png));
        });
    }

    /// <summary>(label, x, y) per series; one unlabelled series without --series.</summary>
    /// <summary>One statistic: ci95 stands for two values, which a point or an error bar cannot show.</summary>
    private static Statistic Single(IEnumerable<Statistic> statistics, string option)
    {
        var list = statistics.ToList();
        if (list.Count != 1)
            throw new CliException(ExitCode.Usage, $"{option}: ci95 gives two values (low and high); use sem or std for error bars, or runs report for bands.");
        return list[0];
    }

    private static IEnumerable<(string? Label, List<object?> X, List<object?> Y)> Series(StorageManagerGroup group, ColumnSpec x, ColumnSpec y, ColumnSpec? series)
    {
        if (series is not ParameterColumn by)
        {
            if (series is not null) throw new CliException(ExitCode.UnknownColumn, $"--series: '{series.Name}' is not a parameter.");
            var (xs, ys) = NumericPairs.Of(group, x, y, "--x", "--y");
            yield return (null, xs, ys);
            yield break;
        }
        var (px, py) = (x as ParameterColumn, y as ParameterColumn);
        if (px is null || py is null) throw new CliException(ExitCode.UnknownColumn, "--x and --y must be parameters.");
        var keys = group.GetParamList(by.Key, by.Section);
        var xAll = group.GetParamList(px.Key, px.Section);
        var yAll = group.GetParamList(py.Key, py.Section);
        var rows = Enumerable.Range(0, keys.Count).Where(i => keys[i] is not null && xAll[i] is not null && yAll[i] is not null);
        foreach (var part in rows.GroupBy(i => ValueText.Display(keys[i])).OrderBy(g => keys[g.First()], new ValueOrder()))
        {
            var (xs, ys) = (part.Select(i => xAll[i]).ToList(), part.Select(i => yAll[i]).ToList());
            NumericPairs.RequireNumbers(xs, x, "--x");
            NumericPairs.RequireNumbers(ys, y, "--y");
            yield return ($"{by.Name}={part.Key}", xs, ys);
        }
    }

    /// <summary>The values as doubles (bools as 0 and 1, as the group's aggregation reads them).</summary>
    private static (double[] X, double[] Y) ToDoubles(List<object?> xs, List<object?> ys, string xName, string yName)
    {
        var x = new double[xs.Count];
        var y = new double[ys.Count];
        for (int i = 0; i < xs.Count; i++)
        {
            x[i] = Number(xs[i], xName);
            y[i] = Number(ys[i], yName);
        }
        return (x, y);
    }

    private static double Number(object? value, string name) => value switch
    {
        int i => i,
        long l => l,
        double d => d,
        bool b => b ? 1 : 0,
        System.Numerics.BigInteger big => (double)big,
        _ => throw new CliException(ExitCode.UnknownColumn, $"'{name}' is not numeric in every run: a run holds {ValueText.Display(value)}."),
    };

    /// <summary>Skia names only the embedded family in SVG; viewers without it should fall back to a sans-serif, not their serif default.</summary>
    private static string WithFallbackFonts(string svg) =>
        svg.Replace($"font-family=\"{PlotFont.Family}\"", $"font-family=\"{PlotFont.Family}, Verdana, sans-serif\"", StringComparison.Ordinal);

    /// <summary>Series in the order of their values: numbers by value, then the rest by text.</summary>
    private sealed class ValueOrder : IComparer<object?>
    {
        public int Compare(object? a, object? b)
        {
            bool na = ValueText.IsNumber(a), nb = ValueText.IsNumber(b);
            if (na && nb) return Number(a, "--series").CompareTo(Number(b, "--series"));
            if (na != nb) return na ? -1 : 1;
            return string.CompareOrdinal(ValueText.Display(a), ValueText.Display(b));
        }
    }
}
