"""commonforms: turn flat PDF forms into fillable ones."""

__version__ = "0.1.0"
