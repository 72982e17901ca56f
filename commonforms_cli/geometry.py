"""The one place that converts between coordinate spaces.

Every stage of the pipeline speaks *display fractions*: ``(x0, y0, x1, y1)`` in
fractions of the page as a viewer shows it (origin top-left, y down, after the
CropBox is applied and ``/Rotate`` is honoured). This module alone knows how
those map to PDF user space (``PageGeometry``; ``/Rect``: origin bottom-left,
unrotated, offset by the CropBox, in units of ``/UserUnit``), how a widget's
appearance is turned onto its ``/Rect`` (``WidgetFrame``), and how they map to
the pixels of a picture of the page (``Raster``: the rendered page, the
detector's letterboxed input, a preview, YOLO and COCO labels), so a rotation,
CropBox or scaling bug can only live here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Tuple

import numpy as np

Box = Tuple[float, float, float, float]


def normalize_box(box) -> Box:
    """Order a box's corners so that x0 <= x1 and y0 <= y1."""
    x0, y0, x1, y1 = (float(v) for v in box)
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def box_size(box: Box) -> Tuple[float, float]:
    """A box's width and height."""
    return (box[2] - box[0], box[3] - box[1])


def turned(size: Tuple[float, float], rotation: int) -> Tuple[float, float]:
    """A width and height as they show turned by ``rotation`` (a multiple of 90 degrees)."""
    return (size[1], size[0]) if rotation in (90, 270) else size


def intersect(a: Box, b: Box) -> Box | None:
    x0, y0 = max(a[0], b[0]), max(a[1], b[1])
    x1, y1 = min(a[2], b[2]), min(a[3], b[3])
    if x1 <= x0 or y1 <= y0:
        return None
    return (x0, y0, x1, y1)


def enclosing(boxes: list[Box]) -> Box:
    """The smallest box holding all ``boxes``."""
    x0, y0, x1, y1 = zip(*boxes)
    return min(x0), min(y0), max(x1), max(y1)


def area(box: Box) -> float:
    return max(0.0, box[2] - box[0]) * max(0.0, box[3] - box[1])


def covered_share(box: Box, by: Box) -> float:
    """The share of ``box``'s area that ``by`` covers."""
    overlap = intersect(box, by)
    return area(overlap) / area(box) if overlap is not None and area(box) > 0 else 0.0


def overlap_either_way(a: Box, b: Box, share: float) -> bool:
    """Does either box cover more than ``share`` of the other's area?"""
    return covered_share(a, b) > share or covered_share(b, a) > share


def iou(a: Box, b: Box) -> float:
    inter = intersect(a, b)
    if inter is None:
        return 0.0
    shared = area(inter)
    return shared / (area(a) + area(b) - shared)


def pairwise_iou(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """IoU of every box in ``a`` (N, 4) with every box in ``b`` (M, 4) -> (N, M)."""
    inter, area_a, area_b = _pairwise_overlap(a, b)
    union = area_a[:, None] + area_b[None, :] - inter
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(union > 0, inter / union, 0.0)


def pairwise_nested_share(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per pair of a box in ``a`` (N, 4) and one in ``b`` (M, 4): the share of the smaller of the
    two that the other covers -> (N, M); 1 where one lies inside the other."""
    inter, area_a, area_b = _pairwise_overlap(a, b)
    smaller = np.minimum(area_a[:, None], area_b[None, :])
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(smaller > 0, inter / smaller, 0.0)


def _pairwise_overlap(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The (N, M) areas where the boxes of ``a`` and ``b`` overlap, and the boxes' own areas."""
    a = np.asarray(a, dtype=float).reshape(-1, 4)
    b = np.asarray(b, dtype=float).reshape(-1, 4)
    inter_w = np.minimum(a[:, None, 2], b[None, :, 2]) - np.maximum(a[:, None, 0], b[None, :, 0])
    inter_h = np.minimum(a[:, None, 3], b[None, :, 3]) - np.maximum(a[:, None, 1], b[None, :, 1])
    inter = np.clip(inter_w, 0, None) * np.clip(inter_h, 0, None)
    area_a = np.clip(a[:, 2] - a[:, 0], 0, None) * np.clip(a[:, 3] - a[:, 1], 0, None)
    area_b = np.clip(b[:, 2] - b[:, 0], 0, None) * np.clip(b[:, 3] - b[:, 1], 0, None)
    return inter, area_a, area_b


def same_line(boxes: np.ndarray, box: Box, share: float = 0.5) -> np.ndarray:
    """Per box of ``boxes`` (N, 4): does its height overlap ``box``'s by at least ``share`` of the
    shorter of the two (text or fields on one line)?"""
    overlap = np.minimum(boxes[:, 3], box[3]) - np.maximum(boxes[:, 1], box[1])
    return overlap >= share * np.minimum(boxes[:, 3] - boxes[:, 1], box[3] - box[1])


@dataclass(frozen=True)
class Raster:
    """A picture of the displayed page: ``width`` x ``height`` pixels, its top-left corner at
    (``left``, ``top``) in the image that holds it (the detector's letterboxed input pads around
    the page; a rendered page is the whole image). Any frame whose origin is the displayed page's
    top-left corner works alike: a page drawn in points is a picture at 72 dpi.
    """

    width: float
    height: float
    left: float = 0.0
    top: float = 0.0

    @classmethod
    def of(cls, image: np.ndarray) -> "Raster":
        """The frame of a whole rendered page (an H x W or H x W x C array)."""
        height, width = image.shape[:2]
        return cls(width, height)

    def to_pixels(self, box: Box) -> Box:
        """A display-fraction box -> pixels of this picture."""
        return (self.left + box[0] * self.width, self.top + box[1] * self.height,
                self.left + box[2] * self.width, self.top + box[3] * self.height)

    def pixel_size(self, box: Box) -> Tuple[float, float]:
        """Width and height in pixels of a display-fraction box."""
        return ((box[2] - box[0]) * self.width, (box[3] - box[1]) * self.height)

    def to_fractions(self, boxes):
        """Boxes in pixels of this picture (one box, or an (N, 4) array) -> display fractions."""
        if isinstance(boxes, np.ndarray):
            offset = np.array([self.left, self.top] * 2, dtype=np.float64)
            scale = np.array([self.width, self.height] * 2, dtype=np.float64)
            return (boxes - offset) / scale
        return ((boxes[0] - self.left) / self.width, (boxes[1] - self.top) / self.height,
                (boxes[2] - self.left) / self.width, (boxes[3] - self.top) / self.height)


@dataclass(frozen=True)
class WidgetFrame:
    """Where a widget is written: its ``/Rect`` (user space) and the rotation its appearance is
    drawn at (its page's ``/Rotate``, or an existing widget's ``/MK /R``).

    Appearance streams are drawn upright in the displayed frame (``display_size``, in
    user-space units) and turned by the rotation onto the unrotated ``/Rect``, so a widget on a
    page rotated 90 degrees that looks wide is tall in user space (``user_size``).
    """

    rect: Box
    rotation: int = 0

    @property
    def user_size(self) -> Tuple[float, float]:
        return box_size(self.rect)

    @property
    def display_size(self) -> Tuple[float, float]:
        return turned(self.user_size, self.rotation)


@dataclass(frozen=True)
class PageGeometry:
    """A page's boxes as the PDF states them (user space, inheritance resolved).

    ``cropbox`` is already clipped to the MediaBox, as viewers do.
    ``rotation`` is the effective ``/Rotate`` in {0, 90, 180, 270}.
    """

    mediabox: Box
    cropbox: Box
    rotation: int = 0
    user_unit: float = 1.0

    @classmethod
    def from_boxes(cls, mediabox, cropbox=None, rotation=0, user_unit=1.0) -> "PageGeometry":
        media = normalize_box(mediabox)
        crop = normalize_box(cropbox) if cropbox is not None else media
        crop = intersect(crop, media) or media
        rot = int(rotation) % 360
        if rot % 90:
            rot = 0  # the spec allows only multiples of 90; viewers ignore the rest
        unit = float(user_unit) if user_unit and float(user_unit) > 0 else 1.0
        return cls(media, crop, rot, unit)

    # --- sizes -----------------------------------------------------------------
    @property
    def unrotated_size(self) -> Tuple[float, float]:
        """CropBox width and height in user-space units."""
        return box_size(self.cropbox)

    @property
    def display_size(self) -> Tuple[float, float]:
        """Width and height as displayed, in points (UserUnit applied)."""
        w, h = turned(self.unrotated_size, self.rotation)
        return (w * self.user_unit, h * self.user_unit)

    # --- points ----------------------------------------------------------------
    def _display_to_user(self, fx: float, fy: float) -> Tuple[float, float]:
        """A point in display fractions -> PDF user space."""
        w, h = self.unrotated_size
        # Undo the clockwise rotation: express the point in the unrotated page,
        # as (u, v) distances from the CropBox's top-left corner.
        if self.rotation == 0:
            u, v = fx * w, fy * h
        elif self.rotation == 90:
            u, v = fy * w, (1.0 - fx) * h
        elif self.rotation == 180:
            u, v = (1.0 - fx) * w, (1.0 - fy) * h
        else:  # 270
            u, v = (1.0 - fy) * w, fx * h
        return (self.cropbox[0] + u, self.cropbox[3] - v)

    def _user_to_display(self, x: float, y: float) -> Tuple[float, float]:
        """A point in PDF user space -> display fractions."""
        w, h = self.unrotated_size
        u, v = (x - self.cropbox[0]) / w, (self.cropbox[3] - y) / h
        if self.rotation == 0:
            return (u, v)
        if self.rotation == 90:
            return (1.0 - v, u)
        if self.rotation == 180:
            return (1.0 - u, 1.0 - v)
        return (v, 1.0 - u)  # 270

    # --- boxes -----------------------------------------------------------------
    def to_user_rect(self, bbox: Box) -> Box:
        """Display-fraction box -> the ``/Rect`` to write (user space)."""
        a = self._display_to_user(bbox[0], bbox[1])
        b = self._display_to_user(bbox[2], bbox[3])
        return normalize_box((a[0], a[1], b[0], b[1]))

    def to_display_bbox(self, rect: Box) -> Box:
        """A ``/Rect`` in user space -> display-fraction box."""
        a = self._user_to_display(rect[0], rect[1])
        b = self._user_to_display(rect[2], rect[3])
        return normalize_box((a[0], a[1], b[0], b[1]))

    def from_unrotated_points(self, box: Box) -> Box:
        """A box in MuPDF's annotation frame -> display-fraction box.

        PyMuPDF reports annotation rectangles unrotated, in points from the
        CropBox's top-left corner, y down.
        """
        x0, y0, x1, y1 = normalize_box(box)
        top, left = self.cropbox[3], self.cropbox[0]
        return self.to_display_bbox((left + x0, top - y1, left + x1, top - y0))

    def from_unrotated_points_array(self, boxes) -> np.ndarray:
        """``from_unrotated_points`` for an (N, 4) array of boxes at once: a page's characters,
        where one call per character cost a text-heavy page about 0.03 s."""
        b = np.asarray(boxes, float).reshape(-1, 4)
        x0, x1 = np.minimum(b[:, 0], b[:, 2]), np.maximum(b[:, 0], b[:, 2])
        y0, y1 = np.minimum(b[:, 1], b[:, 3]), np.maximum(b[:, 1], b[:, 3])
        top, left = self.cropbox[3], self.cropbox[0]
        ax, ay = self._user_to_display(left + x0, top - y1)  # the same arithmetic, elementwise
        bx, by = self._user_to_display(left + x1, top - y0)
        return np.stack([np.minimum(ax, bx), np.minimum(ay, by), np.maximum(ax, bx), np.maximum(ay, by)], axis=1)

    def from_display_points(self, box: Box) -> Box:
        """A box in MuPDF's display frame -> display-fraction box.

        MuPDF bounds widgets in the page as displayed (rotation applied, origin
        at the CropBox's top-left corner), in user-space units: UserUnit is not
        applied.
        """
        return Raster(*turned(self.unrotated_size, self.rotation)).to_fractions(normalize_box(box))

    def display_points(self, bbox: Box) -> Box:
        """Display-fraction box -> display points (origin top-left)."""
        return Raster(*self.display_size).to_pixels(bbox)

    def widget_frame(self, bbox: Box) -> WidgetFrame:
        """Where a widget for a display-fraction box goes: its /Rect and the page's rotation."""
        return WidgetFrame(self.to_user_rect(bbox), self.rotation)
