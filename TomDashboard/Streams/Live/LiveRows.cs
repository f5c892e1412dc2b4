using System.Collections;
using TomDashboard.Alerts;

namespace TomDashboard.Streams.Live;

/// <summary>
/// A Live page's rows: the last <c>capacity</c> alerts in a ring, in arrival order, read newest first. The page holds
/// references to the hub's alerts (no copies) and, beside each, when it showed it: two arrays, about 60 KB when full.
/// </summary>
public sealed class LiveRows : IList<GenericAlert>, IReadOnlyList<GenericAlert>
{
    private readonly int _capacity;
    private GenericAlert[] _ring;
    private long[] _shownAtUtcTicks; // 8 bytes a row, not a DateTimeOffset's 16
    private int _next;
    private int _count;

    public LiveRows(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        // Grows as rows come: an idle page holds no 5,000-slot array.
        _ring = new GenericAlert[Math.Min(capacity, 64)];
        _shownAtUtcTicks = new long[_ring.Length];
    }

    public int Count => _count;

    public bool IsReadOnly => true;

    /// <summary>Index 0 is the newest alert.</summary>
    public GenericAlert this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _count);
            return _ring[Slot(index)];
        }
        set => throw new NotSupportedException();
    }

    /// <summary>Adds alerts oldest first; beyond the capacity the oldest rows go.</summary>
    public void Add(IEnumerable<GenericAlert> alerts, DateTimeOffset shownAt)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        foreach (var alert in alerts)
        {
            if (_count == _ring.Length && _ring.Length < _capacity)
            {
                Grow();
            }

            if (_count < _ring.Length)
            {
                _count++;
            }

            _ring[_next] = alert;
            _shownAtUtcTicks[_next] = shownAt.UtcTicks;
            _next = (_next + 1) % _ring.Length;
        }
    }

    private void Grow()
    {
        // Full, so the oldest is at _next: copy in arrival order and continue after it.
        var length = Math.Min(_capacity, _ring.Length * 2);
        _ring = InArrivalOrder(_ring, length);
        _shownAtUtcTicks = InArrivalOrder(_shownAtUtcTicks, length);
        _next = _count;
    }

    private T[] InArrivalOrder<T>(T[] ring, int length)
    {
        var larger = new T[length];
        Array.Copy(ring, _next, larger, 0, ring.Length - _next);
        Array.Copy(ring, 0, larger, ring.Length - _next, _next);
        return larger;
    }

    /// <summary>
    /// When this page first showed the alert (by reference; null once it fell off). A scan from the newest: the grid
    /// asks only for the rows in view, which are near the top.
    /// </summary>
    public DateTimeOffset? ShownAt(GenericAlert alert) => IndexOf(alert) is >= 0 and var index ? new DateTimeOffset(_shownAtUtcTicks[Slot(index)], TimeSpan.Zero) : null;

    /// <summary>The ring slot of row <paramref name="index"/> (0 is the newest).</summary>
    private int Slot(int index) => (_next - 1 - index + _ring.Length) % _ring.Length;

    public IEnumerator<GenericAlert> GetEnumerator()
    {
        for (var index = 0; index < _count; index++)
        {
            yield return this[index];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public int IndexOf(GenericAlert item)
    {
        for (var index = 0; index < _count; index++)
        {
            if (ReferenceEquals(this[index], item))
            {
                return index;
            }
        }

        return -1;
    }

    public bool Contains(GenericAlert item) => item is not null && IndexOf(item) >= 0;

    public void CopyTo(GenericAlert[] array, int arrayIndex)
    {
        ArgumentNullException.ThrowIfNull(array);
        for (var index = 0; index < _count; index++)
        {
            array[arrayIndex + index] = this[index];
        }
    }

    void ICollection<GenericAlert>.Add(GenericAlert item) => throw new NotSupportedException();

    void ICollection<GenericAlert>.Clear() => throw new NotSupportedException();

    bool ICollection<GenericAlert>.Remove(GenericAlert item) => throw new NotSupportedException();

    void IList<GenericAlert>.Insert(int index, GenericAlert item) => throw new NotSupportedException();

    void IList<GenericAlert>.RemoveAt(int index) => throw new NotSupportedException();
}
