namespace DaprPredictor.Simulator.Simulation;

/// <summary>
/// Waits until an app answers GET /health with 2xx through service invocation, so that the stream does not start
/// before the subscriber's sidecar has subscribed (a broker may drop what nobody subscribed to yet).
/// </summary>
public static class AppReadiness
{
    public static async Task<bool> WaitAsync(HttpClient invokeClient, TimeSpan timeout, TimeProvider clock, TextWriter log, CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + timeout;
        var attempt = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                using var response = await invokeClient.GetAsync(new Uri("health", UriKind.Relative), cancellationToken);
                if (response.IsSuccessStatusCode) return true;
                if (attempt++ % 5 == 0) await log.WriteLineAsync($"waiting: {invokeClient.BaseAddress}health answered {(int)response.StatusCode}");
            }
            catch (HttpRequestException ex)
            {
                if (attempt++ % 5 == 0) await log.WriteLineAsync($"waiting: {invokeClient.BaseAddress}health: {ex.Message}");
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The HttpClient's own timeout: try again.
            }

            if (clock.GetUtcNow() >= deadline) return false;
            await Task.Delay(TimeSpan.FromSeconds(2), clock, cancellationToken);
        }
    }
}
