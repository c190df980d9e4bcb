"""Running storyline beyond one process: :mod:`storyline.scale.ray_runner` (extra ``scale``)."""
