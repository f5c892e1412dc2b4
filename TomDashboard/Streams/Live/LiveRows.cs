using System.Collections;
using TomDashboard.Alerts;

namespace TomDashboard.Streams.Live;

/// <summary>
/// A Live page's rows: the last <c>capacity</c> alerts in a ring, in arrival order, read newest first. The page holds
/// references to the hub's alerts (no copies) and when it showed each, so a full page costs a few hundred KB.
/// </summary>
public sealed class LiveRows : IList<GenericAlert>, IReadOnlyList<GenericAlert>
{
    private readonly int _capacity;
    private GenericAlert[] _ring;
    private readonly Dictionary<GenericAlert, DateTimeOffset> _shownAt = new(ReferenceEqualityComparer.Instance);
    private int _next;
    private int _count;

    public LiveRows(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        // Grows as rows come: an idle page holds no 5,000-slot array.
        _ring = new GenericAlert[Math.Min(capacity, 64)];
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
            return _ring[(_next - 1 - index + _ring.Length) % _ring.Length];
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

            if (_count == _ring.Length)
            {
                _shownAt.Remove(_ring[_next]);
            }
            else
            {
                _count++;
            }

            _ring[_next] = alert;
            _shownAt[alert] = shownAt;
            _next = (_next + 1) % _ring.Length;
        }
    }

    private void Grow()
    {
        // Full, so the oldest is at _next: copy in arrival order and continue after it.
        var larger = new GenericAlert[Math.Min(_capacity, _ring.Length * 2)];
        Array.Copy(_ring, _next, larger, 0, _ring.Length - _next);
        Array.Copy(_ring, 0, larger, _ring.Length - _next, _next);
        _next = _ring.Length;
        _ring = larger;
    }

    /// <summary>When this page first showed the alert.</summary>
    public DateTimeOffset? ShownAt(GenericAlert alert) => _shownAt.TryGetValue(alert, out var shown) ? shown : null;

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

    public bool Contains(GenericAlert item) => item is not null && _shownAt.ContainsKey(item);

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
