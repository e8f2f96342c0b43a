"""Finding NaN and infinite values in a network's state after a chunk of steps.

A sum per array is the whole cost when everything is finite (NaN and infinities survive a
sum); only an array whose sum is not finite is searched for the variable and element at
fault. Synaptic arrays no kernel writes are not checked (they change only from Python, where
assignments are validated).
"""
import numpy as np


def _first_bad(rows, names):
    """(name, index, value) of the first non-finite element of ``rows`` (2D: one row per name)."""
    bad = ~np.isfinite(rows)
    row = int(np.argmax(bad.any(axis=1)))
    index = int(np.argmax(bad[row]))
    return names[row], index, float(rows[row, index])


def _population_arrays(layout):
    """(rows, names, per element, column order) of the arrays to check."""
    yield layout.S[:len(layout.local)], layout.local, True, None
    glob = [name for name in layout.glob if name in layout.entry]
    yield layout.G[[layout.entry[name] for name in glob]][:, None], glob, False, None


def _projection_arrays(layout):
    written = layout.ir.written
    order = None if layout.identity else layout.post_order[:layout.size]  # storage -> dendrite order
    if written.intersection(layout.local):
        yield layout.W[:len(layout.local), :layout.size], list(layout.local), True, order
    if written.intersection(layout.semi):
        yield layout.SW[:len(layout.semi)], list(layout.semi), True, None
    if written.intersection(layout.glob):
        yield layout.GW[[layout.entry[n] for n in layout.glob]][:, None], list(layout.glob), False, None


def first_non_finite(populations, projections):
    """The first non-finite value of the state, as (kind, layout, variable, index or -1, value), or None.

    Examples
    --------
    >>> import numpy as np
    >>> from types import SimpleNamespace
    >>> pop = SimpleNamespace(S=np.array([[0.0, 1.0], [2.0, np.inf]]), G=np.zeros(1), local=["u", "v"],
    ...                       glob=[], entry={}, population=SimpleNamespace(name="cells"))
    >>> kind, layout, variable, index, value = first_non_finite([pop], [])
    >>> kind, layout.population.name, variable, index, value
    ('population', 'cells', 'v', 1, inf)
    """
    for kind, layouts, arrays in (("population", populations, _population_arrays),
                                  ("projection", projections, _projection_arrays)):
        for layout in layouts:
            for rows, names, per_element, order in arrays(layout):
                if rows.size and not np.isfinite(rows.sum()):
                    name, index, value = _first_bad(rows if order is None else rows[:, order], names)
                    return kind, layout, name, index if per_element else -1, value
    return None
