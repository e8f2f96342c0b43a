"""The small arrays Python and the kernels share: named once here, used by name on both sides.

``counters`` (int64, one per simulator) carries the spike buffer's fill and the
stop conditions between Python and ``run``; ``rec_int`` (int64, one row per
recorded variable) is the recording plan the recording kernel follows (see
:mod:`annlab.sim.recording`). Python indexes them with the members of
:class:`Counter` and :class:`RecordColumn`; the generated helpers module
defines the same names as integer constants (:func:`constant_lines`), which
Numba folds into the kernels.

Examples
--------
>>> int(Counter.STOPPED), int(RecordColumn.ACTIVE)
(4, 10)
>>> constant_lines()[:2]
['COUNTER_SPIKES_RECORDED = 0', 'COUNTER_SPIKE_CAPACITY = 1']
"""
import enum


class Counter(enum.IntEnum):
    """Entries of ``counters``."""

    #: Spike records in ``spk_out`` this chunk.
    SPIKES_RECORDED = 0
    #: Rows of ``spk_out``: ``run`` returns before a step could overflow it.
    SPIKE_CAPACITY = 1
    #: Most spike records one step can add (the sizes of the recorded populations).
    SPIKES_PER_STEP = 2
    #: How stop conditions combine this run: :class:`StopMode`.
    STOP_MODE = 3
    #: 1 once a stop condition held (``run`` returned after that step).
    STOPPED = 4
    #: ``counters[STOP_FLAGS + k]``: 1 when population ``k``'s stop condition is checked this run.
    STOP_FLAGS = 8


class StopMode(enum.IntEnum):
    """Values of ``counters[Counter.STOP_MODE]``."""

    NONE = 0
    ALL = 1  #: simulate_until(..., operator='and')
    ANY = 2  #: simulate_until(..., operator='or')


class RecordColumn(enum.IntEnum):
    """Columns of ``rec_int``, one row per recorded variable of a monitor."""

    #: 0: a row of a 2D array, 1: entries of a 1D array.
    KIND = 0
    #: Place of the array in its group of slots (see :class:`~annlab.sim.layout.Slots`).
    SLOT = 1
    #: Row of the 2D array (or first entry of the 1D array).
    ROW = 2
    #: 0: recorded before the neuron update (``g_*`` of spiking populations), 1: after.
    PHASE = 3
    #: Steps between two records.
    PERIOD = 4
    #: First step recorded.
    FIRST_STEP = 5
    #: The recorded ranks are ``rec_idx[INDEX_START:INDEX_STOP]``.
    INDEX_START = 6
    INDEX_STOP = 7
    #: Where this chunk's records start in ``rec_buf``.
    BUFFER_START = 8
    #: Records written this chunk.
    ROWS_WRITTEN = 9
    #: 1 while the monitor records.
    ACTIVE = 10
    #: Memory address and length of the float64 values read (the kernel takes no array of the network).
    ADDRESS = 11
    LENGTH = 12


#: Columns of ``rec_int``.
RECORD_COLUMNS = len(RecordColumn)


def constants():
    """(name, value) of the constants of the generated helpers: ``COUNTER_<name>``, ``STOP_<name>``,
    ``REC_<name>``."""
    return ([(f"COUNTER_{m.name}", m.value) for m in Counter] + [(f"STOP_{m.name}", m.value) for m in StopMode]
            + [(f"REC_{m.name}", m.value) for m in RecordColumn])


def constant_lines():
    """The lines defining :func:`constants` in the generated helpers module."""
    return [f"{name} = {value}" for name, value in constants()]
