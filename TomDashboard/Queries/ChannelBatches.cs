using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace TomDashboard.Queries;

public static class ChannelBatches
{
    /// <summary>
    /// Reads a channel in batches, each drawn when the reader asks for it (after it has shown the previous one, so at
    /// most one batch is pending). The first item is handed on at once; after that batches are at least
    /// <paramref name="interval"/> apart, counted from the previous draw, so a slow trickle renders a few times a second.
    /// A full channel (the writer is waiting on the reader) is drawn at once, and so is everything left once
    /// <paramref name="writerFinished"/> has ended: the interval never holds back a fast writer or the last rows.
    /// </summary>
    public static async IAsyncEnumerable<IReadOnlyList<T>> ReadBatchesAsync<T>(
        this ChannelReader<T> reader,
        TimeSpan interval,
        int maxBatchSize,
        TimeProvider time,
        Task? writerFinished,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        long? previousDraw = null;
        while (await reader.WaitToReadAsync(cancellationToken))
        {
            if (previousDraw is { } drawn && interval - time.GetElapsedTime(drawn) is var wait && wait > TimeSpan.Zero
                && !IsFull(reader, maxBatchSize) && writerFinished is not { IsCompleted: true })
            {
                await WaitAsync(reader, maxBatchSize, wait, writerFinished, time, cancellationToken);
            }

            var batch = new List<T>(reader.CanCount ? Math.Clamp(reader.Count, 1, maxBatchSize) : 16);
            while (batch.Count < maxBatchSize && reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            previousDraw = time.GetTimestamp();
            yield return batch;
        }
    }

    /// <inheritdoc cref="ReadBatchesAsync{T}(ChannelReader{T}, TimeSpan, int, TimeProvider, Task?, CancellationToken)"/>
    public static IAsyncEnumerable<IReadOnlyList<T>> ReadBatchesAsync<T>(
        this ChannelReader<T> reader, TimeSpan interval, int maxBatchSize, TimeProvider time, CancellationToken cancellationToken) =>
        reader.ReadBatchesAsync(interval, maxBatchSize, time, writerFinished: null, cancellationToken);

    private static bool IsFull<T>(ChannelReader<T> reader, int maxBatchSize) => reader.CanCount && reader.Count >= maxBatchSize;

    /// <summary>How often a wait looks whether the channel has filled or the writer has finished.</summary>
    private static readonly TimeSpan Look = TimeSpan.FromMilliseconds(10);

    /// <summary>Waits out the interval, or less if the channel fills or the writer finishes meanwhile.</summary>
    private static async Task WaitAsync<T>(ChannelReader<T> reader, int maxBatchSize, TimeSpan wait, Task? writerFinished, TimeProvider time, CancellationToken cancellationToken)
    {
        var start = time.GetTimestamp();
        while (time.GetElapsedTime(start) is var waited && waited < wait && !IsFull(reader, maxBatchSize) && writerFinished is not { IsCompleted: true })
        {
            var left = wait - waited;
            await Task.Delay(left < Look ? left : Look, time, cancellationToken);
        }
    }
}
