using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DaprPredictor.ServiceDefaults;

public static class OptionsExtensions
{
    /// <summary>Binds a section, validates its data annotations, and fails the host at start with the offending keys.</summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions>(this IServiceCollection services, string section) where TOptions : class =>
        services.AddOptions<TOptions>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
}
