"""The detect stage: a rendered page -> the detector's boxes (``Detection``), in display fractions.

``session.py`` holds the onnxruntime session (one per model and process: ``load_detector``);
``decode.py`` the arithmetic around it, pure numpy: the letterboxed input, and the model's
output back into boxes (thresholds, NMS).
"""

from .decode import letterbox, model_input, nms
from .session import DEFAULT_MODEL_NAME, Detector, ModelInfo, default_model_path, load_detector

__all__ = [
    "DEFAULT_MODEL_NAME", "Detector", "ModelInfo", "default_model_path", "letterbox", "load_detector", "model_input",
    "nms",
]
