using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace TomDashboard.Queries;

public static class ChannelBatches
{
    /// <summary>
    /// Reads a channel in batches: the first item is handed on at once, then at most one batch per
    /// <paramref name="interval"/>, so the UI renders a few times a second however fast items arrive.
    /// </summary>
    public static async IAsyncEnumerable<IReadOnlyList<T>> ReadBatchesAsync<T>(
        this ChannelReader<T> reader,
        TimeSpan interval,
        int maxBatchSize,
        TimeProvider time,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        while (await reader.WaitToReadAsync(cancellationToken))
        {
            var batch = new List<T>();
            while (batch.Count < maxBatchSize && reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            yield return batch;
            await Task.Delay(interval, time, cancellationToken);
        }
    }
}
