using DaprPredictor.Benchmarks;

return await BenchmarkCommands.RunAsync(args);
