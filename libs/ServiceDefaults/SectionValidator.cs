using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace DaprPredictor.ServiceDefaults;

/// <summary>
/// What <c>ValidateDataAnnotations()</c> checks, with messages that name the setting a user writes
/// (<c>Pipeline:OfflineFeaturesTimeout</c>) instead of the class and member (<c>'PipelineOptions' members: 'OfflineFeaturesTimeout'</c>).
/// </summary>
internal sealed class SectionValidator<TOptions>(string section) : IValidateOptions<TOptions> where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        if (name != Options.DefaultName) return ValidateOptionsResult.Skip;
        var results = new List<ValidationResult>();
        return Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(results.Select(Describe));
    }

    private string Describe(ValidationResult result)
    {
        var message = result.ErrorMessage ?? "is not valid.";
        var keys = result.MemberNames.Select(member => $"{section}:{member}").ToList();
        return keys.Count == 0 || keys.Exists(key => message.Contains(key, StringComparison.Ordinal)) ? message : $"{string.Join(", ", keys)}: {message}";
    }
}
