using System.Text;
using Xunit.Abstractions;

namespace DaprPredictor.Benchmarks.Tests;

/// <summary>A TextWriter onto the test's output, for harnesses that report progress as they go.</summary>
internal sealed class TestOutputWriter(ITestOutputHelper output) : TextWriter
{
    private readonly StringBuilder _line = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        if (value == '\n')
        {
            output.WriteLine(_line.ToString().TrimEnd('\r'));
            _line.Clear();
        }
        else
        {
            _line.Append(value);
        }
    }

    public override void WriteLine(string? value) => output.WriteLine(_line.Append(value).ToString());

    public override Task WriteLineAsync(string? value)
    {
        WriteLine(value);
        _line.Clear();
        return Task.CompletedTask;
    }
}
