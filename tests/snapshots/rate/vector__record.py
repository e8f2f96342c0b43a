from annlab.sim.vector.helpers import record  # noqa: F401
