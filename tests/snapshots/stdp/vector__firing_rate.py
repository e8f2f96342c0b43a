from annlab.sim.vector.helpers import firing_rate  # noqa: F401
