using System.Net.Http.Headers;
using System.Text;
using DaprPredictor.Testing;
using DaprPredictor.Testing.Hostile;

namespace DaprPredictor.Scorer.Tests.Hostile;

/// <summary>
/// The scorer's <c>POST /score</c> under attack, as it runs in production: every hostile body gets a 4xx ProblemDetails
/// naming the problem, and the scorer goes on scoring a valid vector.
/// </summary>
[Collection(TrainedModelsCollection.Name)]
public sealed class HostileScoreTests : IDisposable
{
    private readonly TrainedModels _models;
    private readonly ScorerFactory _scorer = new(settings: new Dictionary<string, string?> { ["RequestLimits:BodyGracePeriod"] = HostileTransports.BodyGracePeriod.ToString() }) { Environment = "Production" };

    public HostileScoreTests(TrainedModels models)
    {
        _models = models;
        _scorer.ReplaceModel(models.First.Bytes);
    }

    public static TheoryData<string> Cases => [.. HostileScores.Names];

    public static TheoryData<string> Transports => [.. HostileTransports.Names];

    public void Dispose() => _scorer.Dispose();

    private byte[] ValidRequest => Encoding.UTF8.GetBytes(HostileScores.Request("[" + string.Join(',', _models.Vectors[0].Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + "]"));

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ScoreAnswersEachHostileRequestWithAProblemNamingIt(string name)
    {
        var hostile = HostileScores.Named(name);
        using var client = _scorer.CreateClient();
        using var content = new ByteArrayContent(hostile.Build());
        if (hostile.ContentType is { } type) content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);

        using var response = await client.PostAsync("/score", content);

        await HostileAssert.ProblemAsync(response, hostile.Status, mentions: hostile.Mentions);
        await StillScoresAsync(client);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task ScoreAnswersEachHostileRequestOnTheWireWithAProblemAndGoesOnScoring(string name)
    {
        var hostile = HostileTransports.Named(name);
        _scorer.UseKestrel(0);
        _scorer.StartServer();
        var address = HostileAssert.Address(_scorer.Services);

        var response = await RawHttp.SendAsync(address, hostile.Build(new HostileTransport.Target("/score", ValidRequest, "application/json")));

        if (hostile.Status is not { } status) Assert.True(response.Status == 200, $"a valid request: {response}");
        else if (hostile.Abandoned) HostileAssert.Abandoned(response);
        else if (hostile.ByServer) HostileAssert.RefusedByServer(response, status);
        else HostileAssert.Problem(response, status);

        var next = await RawHttp.SendAsync(address, RawHttp.Request.Of(RawHttp.Post("/score", ValidRequest)));
        Assert.True(next.Status == 200, $"a valid request after the case: {next}");
    }

    private async Task StillScoresAsync(HttpClient client)
    {
        using var content = new ByteArrayContent(ValidRequest);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync("/score", content);
        Assert.True(response.IsSuccessStatusCode, $"a valid request after the case: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
