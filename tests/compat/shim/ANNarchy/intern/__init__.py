"""The part of ANNarchy's internals that its test packages import."""
