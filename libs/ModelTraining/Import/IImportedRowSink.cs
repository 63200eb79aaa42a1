namespace DaprPredictor.ModelTraining.Import;

/// <summary>Receives the rows in event-time order.</summary>
internal interface IImportedRowSink
{
    void Accept(in ImportedRow row);
}
