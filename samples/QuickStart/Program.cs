using StorageTyped;

// A small parameter sweep: one run per combination of network size and learning rate. Each run gets its own
// folder under ./Data/StorageManager/QuickStart/ (or under the first Data folder above the current directory).
int[] sizes = { 100, 200, 400 };
double[] learningRates = { 0.01, 0.001 };

Console.WriteLine("Writing a sweep of 6 runs …");
foreach (int size in sizes)
{
    foreach (double learningRate in learningRates)
    {
        var sm = new StorageManager("QuickStart");
        sm.SaveParamDict(new Dictionary<string, object?>
        {
            ["number_of_neurons"] = size,
            ["learning_rate"] = learningRate,
            ["connections"] = new[] { 10, 20, 40 },
        });

        // Stand-in for a simulation: a score that grows with size and drops with the learning rate.
        double score = Math.Round(Math.Log(size) * (1 - 10 * learningRate), 4);
        sm.SaveParam("score", score);
        sm.SaveStr("summary", $"{size} neurons, learning rate {learningRate}: score {score}");
        sm.SaveObj("settings", new Dictionary<string, object> { ["size"] = size, ["rate"] = learningRate });

        Console.WriteLine($"{sm.Path}");
        Console.WriteLine($"    number_of_neurons = {sm.LoadParam("number_of_neurons")}, learning_rate = {sm.LoadParam("learning_rate")}, score = {sm.LoadParam<double>("score")}");
    }
}
Console.WriteLine("Each run folder holds config.ini (readable by Python's configparser), summary.txt and settings.msgpack.");
