using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DaprPredictor.ServiceDefaults;

public static class OptionsExtensions
{
    /// <summary>
    /// Binds a section and validates its data annotations (and <see cref="System.ComponentModel.DataAnnotations.IValidatableObject"/>)
    /// when the host starts, each failure naming its setting as <c>Section:Key</c>; <see cref="StartupValidation"/> turns
    /// the failures into one line each and a clean exit.
    /// </summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions>(this IServiceCollection services, string section) where TOptions : class
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, SectionValidator<TOptions>>(_ => new SectionValidator<TOptions>(section)));
        return services.AddOptions<TOptions>().BindConfiguration(section).ValidateOnStart();
    }
}
