"""``commonforms dataset build``: fillable PDFs drawn here -> YOLO/COCO labels with known answers.

Every PDF is drawn by the test with PyMuPDF. Widgets that should survive get a
visible cue (a ruled frame) under them; the others each break exactly one
cleaning rule, so the counts in stats.json are known in advance.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pymupdf
import pytest
from PIL import Image

from commonforms_cli.dataset.build import build_dataset
from commonforms_cli.dataset.splits import SPLITS, SplitPlan, manifest_plan, read_languages, split_of
from commonforms_cli.dataset.widget_labels import RULES, is_signature_name

IMGSZ = 320
VAL_FRACTION = 0.5
PLAN = SplitPlan(val_fraction=VAL_FRACTION)

TEXT, COMBO, CHECK, RADIO = "text", "combo", "check", "radio"
SIGNATURE, LISTBOX, BUTTON = "signature", "listbox", "button"
WIDGET_TYPES = {
    TEXT: pymupdf.PDF_WIDGET_TYPE_TEXT,
    COMBO: pymupdf.PDF_WIDGET_TYPE_COMBOBOX,
    CHECK: pymupdf.PDF_WIDGET_TYPE_CHECKBOX,
    RADIO: pymupdf.PDF_WIDGET_TYPE_RADIOBUTTON,
    SIGNATURE: pymupdf.PDF_WIDGET_TYPE_SIGNATURE,
    LISTBOX: pymupdf.PDF_WIDGET_TYPE_LISTBOX,
    BUTTON: pymupdf.PDF_WIDGET_TYPE_BUTTON,
}
CLASS_ID = {TEXT: 0, COMBO: 0, CHECK: 1, RADIO: 1, SIGNATURE: 2}  # ListBox and Button: no class


@dataclass(frozen=True)
class Spec:
    """One widget to draw: its kind and rect in PyMuPDF page points (unrotated, top-left origin)."""

    kind: str
    rect: tuple[float, float, float, float]
    cue: bool = True  # draw a visible frame under the widget
    hidden: bool = False  # set the annotation's Hidden flag (/F 2)
    name: str = ""  # the field name (default: kind and index)


def add_widget(doc: pymupdf.Document, page: pymupdf.Page, spec: Spec) -> None:
    rect = pymupdf.Rect(spec.rect)
    if spec.cue:
        page.draw_rect(rect, color=(0, 0, 0), width=1)
    widget = pymupdf.Widget()
    widget.field_type = WIDGET_TYPES[spec.kind]
    widget.field_name = spec.name or f"{spec.kind}_{len(list(page.widgets()))}"
    widget.rect = rect
    if spec.kind in (COMBO, LISTBOX):
        widget.choice_values = ["one", "two"]
    if spec.kind == RADIO:
        widget.field_value = False  # PyMuPDF's radio checker needs an explicit off state
    annot = page.add_widget(widget)
    if spec.hidden:
        doc.xref_set_key(annot.xref, "F", "2")


def draw_fillable(
    path: Path, pages: list[list[Spec]], size=(600, 600), rotate: int = 0, cropbox: str | None = None
) -> Path:
    """A fillable PDF, one list of widgets per page. /Rotate and /CropBox are set after drawing,
    so cues and widgets turn (or are cropped) together, as in a real form."""
    doc = pymupdf.open()
    for specs in pages:
        page = doc.new_page(width=size[0], height=size[1])
        for spec in specs:
            add_widget(doc, page, spec)
        if cropbox:
            doc.xref_set_key(page.xref, "CropBox", cropbox)
        if rotate:
            doc.xref_set_key(page.xref, "Rotate", str(rotate))
    doc.save(path)
    doc.close()
    return path


def fractions(rect, width=600.0, height=600.0):
    return (rect[0] / width, rect[1] / height, rect[2] / width, rect[3] / height)


# --- the forms -------------------------------------------------------------------------------------
# A 600x600 page whose kept widgets cover every class, plus one widget per cleaning rule.
TEXT_FIELD = Spec(TEXT, (60, 60, 260, 84))
KEPT = [
    TEXT_FIELD,
    Spec(COMBO, (60, 120, 260, 144)),
    Spec(CHECK, (60, 180, 76, 196)),
    Spec(RADIO, (120, 180, 136, 196)),
    Spec(SIGNATURE, (60, 240, 300, 280)),
]
REMOVED = {
    "no_class": [Spec(LISTBOX, (350, 60, 500, 120)), Spec(BUTTON, (350, 150, 450, 175))],
    "hidden": [Spec(TEXT, (350, 240, 500, 264), hidden=True)],
    "out_of_bounds": [Spec(TEXT, (540, 320, 700, 344))],  # 60 of its 160 points lie on the page
    "tiny": [Spec(TEXT, (60, 340, 200, 345))],  # 5 pt = 2.7 px high at 320 px
    "oversize": [Spec(TEXT, (5, 5, 595, 595), cue=False)],  # 97% of the page
    "overlap": [Spec(TEXT, (60, 62, 260, 86), cue=False)],  # IoU 22/26 with TEXT_FIELD
    "no_cue": [Spec(TEXT, (300, 480, 450, 504), cue=False)],  # blank paper, no ink within 40 pt
}
# Removed widgets are interleaved with the kept ones (the duplicate must follow its original).
RULES_PAGE = [
    KEPT[0], *REMOVED["overlap"], *REMOVED["oversize"], KEPT[1], *REMOVED["no_class"], KEPT[2],
    *REMOVED["hidden"], KEPT[3], *REMOVED["out_of_bounds"], *REMOVED["tiny"], KEPT[4], *REMOVED["no_cue"],
]

# 400x600 portrait page shown turned 90 degrees clockwise: display x = 1 - y/600, display y = x/400.
ROTATED_PAGE = [Spec(TEXT, (150, 250, 300, 280)), Spec(CHECK, (40, 40, 56, 56))]
ROTATED_LABELS = [
    (0, (1 - 280 / 600, 150 / 400, 1 - 250 / 600, 300 / 400)),
    (1, (1 - 56 / 600, 40 / 400, 1 - 40 / 600, 56 / 400)),
]

# 600x800 page cropped to user-space [100 200 500 700], i.e. 400x500 starting 100 pt from the top
# left in PyMuPDF's frame: display x = (x - 100) / 400, display y = (y - 100) / 500.
CROPPED_PAGE = [
    Spec(TEXT, (150, 250, 300, 280)),
    Spec(CHECK, (450, 550, 466, 566)),
    Spec(TEXT, (10, 20, 80, 40)),  # on the MediaBox but outside the CropBox: out_of_bounds
]
CROPPED_LABELS = [
    (0, (50 / 400, 150 / 500, 200 / 400, 180 / 500)),
    (1, (350 / 400, 450 / 500, 366 / 400, 466 / 500)),
]

# Page 2 of "mixed": two of its three widgets sit on blank paper, so the page is dropped whole.
GOOD_PAGE = [Spec(TEXT, (100, 100, 400, 124))]
MISALIGNED_PAGE = [
    Spec(TEXT, (100, 100, 400, 124)),
    Spec(TEXT, (100, 300, 400, 324), cue=False),
    Spec(TEXT, (100, 450, 400, 474), cue=False),
]

# Two versions of one form: on their own the stems fall into different splits; their group decides.
GROUPED = {"w9_2019": "w9", "w9_2022": "w9"}

EXPECTED_REMOVED = {rule: len(REMOVED[rule]) for rule in RULES}
EXPECTED_REMOVED["out_of_bounds"] += 1  # the widget outside the CropBox
EXPECTED_REMOVED["no_cue"] += 2  # the two uncued widgets of the dropped page


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("src")
    draw_fillable(src / "rules.pdf", [RULES_PAGE])
    draw_fillable(src / "rotated.pdf", [ROTATED_PAGE], size=(400, 600), rotate=90)
    draw_fillable(src / "cropped.pdf", [CROPPED_PAGE], size=(600, 800), cropbox="[100 200 500 700]")
    draw_fillable(src / "mixed.pdf", [GOOD_PAGE, MISALIGNED_PAGE])
    for stem in GROUPED:
        draw_fillable(src / f"{stem}.pdf", [GOOD_PAGE])
    (src / "broken.pdf").write_text("this is not a PDF\n", encoding="utf-8")
    return src


@pytest.fixture(scope="module")
def built(sources, tmp_path_factory):
    out = tmp_path_factory.mktemp("dataset")
    stats = build_dataset(
        sorted(sources.glob("*.pdf")), out, imgsz=IMGSZ, plan=SplitPlan(GROUPED, val_fraction=VAL_FRACTION), jobs=1
    )
    return out, stats


# --- reading the output ----------------------------------------------------------------------------
def find_one(out: Path, pattern: str) -> Path:
    found = sorted(out.glob(pattern))
    assert len(found) == 1, f"{pattern}: {found}"
    return found[0]


def read_labels(path: Path) -> list[tuple[int, tuple[float, ...]]]:
    """YOLO lines -> (class id, (x0, y0, x1, y1)) in fractions."""
    labels = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cls, cx, cy, w, h = line.split()
        cx, cy, w, h = float(cx), float(cy), float(w), float(h)
        labels.append((int(cls), (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)))
    return labels


def labels_of(out: Path, stem: str, page: int = 0):
    return read_labels(find_one(out, f"labels/*/{stem}_p{page:04d}.txt"))


def assert_labels(actual, expected):
    assert [cls for cls, _ in actual] == [cls for cls, _ in expected]
    for (_, box), (_, want) in zip(actual, expected):
        assert box == pytest.approx(want, abs=2e-6)  # six decimals in the file


def ink_box(image_path: Path) -> tuple[float, float, float, float]:
    """The box around every drawn pixel, in fractions of the image."""
    gray = np.asarray(Image.open(image_path).convert("L"))
    ys, xs = np.nonzero(gray < 200)
    height, width = gray.shape
    return (xs.min() / width, ys.min() / height, (xs.max() + 1) / width, (ys.max() + 1) / height)


# --- labels ----------------------------------------------------------------------------------------
def test_kept_widgets_become_exact_labels_with_the_class_map(built):
    out, _ = built
    expected = [(CLASS_ID[spec.kind], fractions(spec.rect)) for spec in KEPT]
    assert [cls for cls, _ in expected] == [0, 0, 1, 1, 2]  # Text, ComboBox, CheckBox, Radio, Signature
    assert_labels(labels_of(out, "rules"), expected)


def test_visible_labels_put_back_the_widget_without_a_cue_and_nothing_else(built):
    out, _ = built
    uncued = [(CLASS_ID[spec.kind], fractions(spec.rect)) for spec in REMOVED["no_cue"]]
    expected = [(CLASS_ID[spec.kind], fractions(spec.rect)) for spec in KEPT] + uncued
    assert_labels(read_labels(find_one(out, "labels_visible/*/rules_p0000.txt")), expected)


def test_labels_on_a_rotated_page_follow_the_display(built):
    out, _ = built
    assert_labels(labels_of(out, "rotated"), ROTATED_LABELS)
    image = find_one(out, "images/*/rotated_p0000.png")
    width, height = Image.open(image).size
    assert width == IMGSZ and abs(height - IMGSZ * 400 / 600) <= 1  # landscape as displayed
    ink = ink_box(image)  # the frames drawn under the widgets line up with their labels
    union = (min(b[0] for _, b in ROTATED_LABELS), min(b[1] for _, b in ROTATED_LABELS),
             max(b[2] for _, b in ROTATED_LABELS), max(b[3] for _, b in ROTATED_LABELS))
    assert ink == pytest.approx(union, abs=2 / IMGSZ)


def test_labels_on_a_cropped_page_are_relative_to_the_cropbox(built):
    out, _ = built
    assert_labels(labels_of(out, "cropped"), CROPPED_LABELS)
    image = find_one(out, "images/*/cropped_p0000.png")
    assert Image.open(image).size == (round(IMGSZ * 400 / 500), IMGSZ)
    union = (CROPPED_LABELS[0][1][0], CROPPED_LABELS[0][1][1], CROPPED_LABELS[1][1][2], CROPPED_LABELS[1][1][3])
    assert ink_box(image) == pytest.approx(union, abs=2 / IMGSZ)


def test_each_cleaning_rule_is_counted(built):
    _, stats = built
    assert stats["widgets_removed_by_rule"] == EXPECTED_REMOVED
    assert all(EXPECTED_REMOVED[rule] >= 1 for rule in RULES)  # every rule is exercised


def test_page_where_most_widgets_sit_on_blank_paper_is_dropped(built):
    out, stats = built
    assert stats["pages_dropped_by_rule"] == {"page_no_cue": 1}
    assert_labels(labels_of(out, "mixed", 0), [(0, fractions(GOOD_PAGE[0].rect))])
    assert not list(out.glob("labels/*/mixed_p0001.txt"))
    assert not list(out.glob("images/*/mixed_p0001.*"))


def test_stats_count_files_pages_and_fields(built):
    out, stats = built
    assert json.loads((out / "stats.json").read_text(encoding="utf-8")) == stats
    assert stats["files"] == 7
    assert stats["widget_pages"] == 7  # rules, rotated, cropped, mixed x2, two versions
    pages = sum(s["pages"] for s in stats["splits"].values())
    assert pages == 6 == len(list(out.glob("labels/*/*.txt")))
    fields: dict[str, int] = {}
    for split in stats["splits"].values():
        for name, count in split["fields"].items():
            fields[name] = fields.get(name, 0) + count
    # text: 2 (rules) + 1 (rotated) + 1 (cropped) + 1 (mixed) + 2 (versions); choice: 2 + 1 + 1; signature: 1
    assert fields == {"text": 7, "choice": 4, "signature": 1}


def test_a_file_that_is_not_a_pdf_is_reported_and_the_build_goes_on(built, sources):
    out, stats = built
    assert list(stats["files_failed"]) == [str(sources / "broken.pdf")]
    assert "not a PDF" in stats["files_failed"][str(sources / "broken.pdf")]
    assert not list(out.glob("labels/*/broken_*"))
    assert not (out / "images" / "_all").exists()  # the staging folder is cleaned up


# --- splits, images, metadata ----------------------------------------------------------------------
def test_split_is_decided_by_group(built):
    out, stats = built
    assert split_of("w9_2019", VAL_FRACTION) != split_of("w9_2022", VAL_FRACTION)  # would part alone
    group_split = split_of("w9", VAL_FRACTION)
    for stem in GROUPED:
        assert find_one(out, f"labels/*/{stem}_p0000.txt").parent.name == group_split
    for stem in ("rules", "rotated", "cropped", "mixed"):  # no group given: the stem is the group
        assert find_one(out, f"labels/*/{stem}_p0000.txt").parent.name == split_of(stem, VAL_FRACTION)
    assert stats["splits"]["train"]["pages"] > 0 and stats["splits"]["val"]["pages"] > 0
    groups = {s: stats["splits"][s]["groups"] for s in SPLITS}
    assert sum(groups.values()) == 5  # rules, rotated, cropped, mixed, w9


def test_split_of_is_deterministic_and_follows_the_fraction():
    names = [f"form-{i}" for i in range(200)]
    assert [split_of(n, 0.15) for n in names] == [split_of(n, 0.15) for n in names]
    assert {split_of(n, 0.0) for n in names} == {"train"}
    assert {split_of(n, 1.0) for n in names} == {"val"}
    share = sum(split_of(n, 0.3) == "val" for n in names) / len(names)
    assert 0.2 < share < 0.4


# A small corpus manifest: 30 sources of 3 forms each, two held out; two sources that share a
# form's group (PAIR); two files that name no source.
SOURCES = [f"org/r{i}" for i in range(30)]
HELDOUT = ("org/r0", "org/r1")
PAIR = next((a, b) for a, b in zip(SOURCES[2:], SOURCES[3:]) if split_of(a, VAL_FRACTION) != split_of(b, VAL_FRACTION))
MANIFEST_ROWS = [(f"{repo[4:]}_{j}", repo, f"{repo[4:]}-g{j}") for repo in SOURCES for j in range(3)] + [
    ("pair_a", PAIR[0], "shared"), ("pair_b", PAIR[1], "shared"), ("loose_a", "", "loose"), ("loose_b", "", "loose"),
]


@pytest.fixture
def manifest(tmp_path) -> tuple[Path, Path]:
    """The manifest and its held-out list, as files."""
    table = tmp_path / "manifest.tsv"
    table.write_text("sha16\trepo\tgroup\n" + "".join("\t".join(row) + "\n" for row in MANIFEST_ROWS), encoding="utf-8")
    heldout = tmp_path / "heldout_repos.txt"
    heldout.write_text("# held out\n" + "\n".join(HELDOUT) + "\n", encoding="utf-8")
    return table, heldout


def sides_of_sources(plan: SplitPlan) -> dict[str, set[str]]:
    sides: dict[str, set[str]] = {}
    for stem, repo, _ in MANIFEST_ROWS:
        sides.setdefault(repo, set()).add(plan.split(stem))
    return sides


def test_languages_come_from_the_manifests_guess_and_are_empty_where_it_has_none(tmp_path):
    table = tmp_path / "manifest.tsv"
    table.write_text("sha16\trepo\tlang_guess\nform_de\tr/a\tde\nform_none\tr/b\t\n", encoding="utf-8")
    assert read_languages(table) == {"form_de": "de", "form_none": ""}


def test_val_by_source_keeps_every_repository_on_one_side(manifest):
    by_group = sides_of_sources(manifest_plan(*manifest, VAL_FRACTION))
    assert [repo for repo, sides in by_group.items() if len(sides) > 1]  # the group split parts sources
    by_source = sides_of_sources(manifest_plan(*manifest, VAL_FRACTION, val_by_source=True))
    assert [repo for repo, sides in by_source.items() if len(sides) > 1] == []
    assert {side for sides in by_source.values() for side in sides} == set(SPLITS)
    for repo in set(SOURCES) - set(HELDOUT) - set(PAIR):
        assert by_source[repo] == {split_of(repo, VAL_FRACTION)}  # the hash of the repo column


def test_val_by_source_joins_sources_that_share_a_form_and_falls_back_to_the_group(manifest):
    plan = manifest_plan(*manifest, VAL_FRACTION, val_by_source=True)
    paired = {plan.split(stem) for stem, repo, _ in MANIFEST_ROWS if repo in PAIR}
    assert paired == {split_of(min(PAIR), VAL_FRACTION)}  # though the two names hash apart
    assert plan.split("loose_a") == plan.split("loose_b") == split_of("loose", VAL_FRACTION)


def test_heldout_sources_are_out_before_val_is_drawn(manifest):
    for fraction in (0.0, 1.0):
        plan = manifest_plan(*manifest, fraction, val_by_source=True)
        for stem, repo, _ in MANIFEST_ROWS:
            assert plan.split(stem) == ("heldout" if repo in HELDOUT else ("train", "val")[int(fraction)])


def test_the_default_val_split_is_still_by_group(manifest):
    plan = manifest_plan(*manifest, VAL_FRACTION)
    for stem, repo, group in MANIFEST_ROWS:
        assert plan.split(stem) == ("heldout" if repo in HELDOUT else split_of(group, VAL_FRACTION))


def test_split_options_are_checked_where_the_plan_is_made(manifest, tmp_path):
    table, heldout = manifest
    no_repos = tmp_path / "groups.tsv"
    no_repos.write_text("sha16\tgroup\nw9_2019\tw9\n", encoding="utf-8")
    typo = tmp_path / "typo.txt"
    typo.write_text("org/r99\n", encoding="utf-8")
    for arguments, words in [
        ((no_repos, None, VAL_FRACTION, True), "'repo' column"),
        ((None, None, VAL_FRACTION, True), "'repo' column"),
        ((None, heldout, VAL_FRACTION), "held-out repositories need a manifest"),
        ((table, typo, VAL_FRACTION), "org/r99"),
        ((table, heldout, 1.5), "between 0 and 1"),
    ]:
        with pytest.raises(ValueError, match=words):
            manifest_plan(*arguments)


@pytest.fixture
def split_files(manifest, tmp_path):
    """training/split_files.py over a corpus folder of empty PDFs named as the manifest's rows:
    a function of its options giving the stems it lists; and the held-out list."""
    table, heldout = manifest
    corpus = tmp_path / "corpus"
    (corpus / "pdfs").mkdir(parents=True)
    table.rename(corpus / "manifest.tsv")
    for stem, _, _ in MANIFEST_ROWS:
        (corpus / "pdfs" / f"{stem}.pdf").write_bytes(b"")  # listed by name, never opened
    script = Path(__file__).resolve().parents[1] / "training" / "split_files.py"

    def listed(*options: str) -> list[str]:
        result = subprocess.run([sys.executable, str(script), str(corpus), "--heldout-repos", str(heldout), *options],
                                capture_output=True, text=True, timeout=60, check=True)
        return [Path(line).stem for line in result.stdout.splitlines()]

    return listed, heldout


def test_split_files_lists_the_val_sources_as_the_plan_draws_them(split_files, tmp_path):
    listed, heldout = split_files
    plan = manifest_plan(tmp_path / "corpus" / "manifest.tsv", heldout, VAL_FRACTION, val_by_source=True)
    val = listed("--split", "val", "--val-fraction", str(VAL_FRACTION), "--val-by-source")
    assert val == sorted(stem for stem, _, _ in MANIFEST_ROWS if plan.split(stem) == "val") != []


def test_source_halves_part_the_split_by_repository(split_files):
    listed, _ = split_files
    halves = {half: listed("--split", "train", "--source-half", half) for half in "AB"}
    assert sorted(halves["A"] + halves["B"]) == listed("--split", "train") and halves["A"] and halves["B"]
    repo_of = {stem: repo or stem for stem, repo, _ in MANIFEST_ROWS}  # a file with no repository is its own
    assert not {repo_of[stem] for stem in halves["A"]} & {repo_of[stem] for stem in halves["B"]}


def test_images_match_labels_and_have_the_requested_size(built):
    out, _ = built
    for split in SPLITS:
        labels = {p.stem for p in (out / "labels" / split).glob("*.txt")}
        images = {p.stem for p in (out / "images" / split).glob("*.png")}
        assert labels == images
        for path in (out / "images" / split).glob("*.png"):
            image = Image.open(path)
            assert image.mode == "L"
            assert max(image.size) == IMGSZ


def test_data_yaml_names_the_classes(built):
    out, _ = built
    assert (out / "data.yaml").read_text(encoding="utf-8").splitlines() == [
        "path: .",
        "train: images/train",
        "val: images/val",
        "names:",
        "  0: text",
        "  1: choice",
        "  2: signature",
    ]


def test_coco_files_agree_with_the_yolo_labels(built):
    out, _ = built
    for split in SPLITS:
        coco = json.loads((out / f"coco_{split}.json").read_text(encoding="utf-8"))
        assert coco["categories"] == [
            {"id": 0, "name": "text"}, {"id": 1, "name": "choice"}, {"id": 2, "name": "signature"}
        ]
        assert {Path(i["file_name"]).stem for i in coco["images"]} == {
            p.stem for p in (out / "labels" / split).glob("*.txt")
        }
        assert len({a["id"] for a in coco["annotations"]}) == len(coco["annotations"])
        for image in coco["images"]:
            assert image["file_name"].startswith(f"images/{split}/")
            assert Image.open(out / image["file_name"]).size == (image["width"], image["height"])
            w, h = image["width"], image["height"]
            from_coco = [
                (a["category_id"], (a["bbox"][0] / w, a["bbox"][1] / h,
                                    (a["bbox"][0] + a["bbox"][2]) / w, (a["bbox"][1] + a["bbox"][3]) / h))
                for a in coco["annotations"] if a["image_id"] == image["id"]
            ]
            yolo = read_labels(out / "labels" / split / (Path(image["file_name"]).stem + ".txt"))
            assert [c for c, _ in from_coco] == [c for c, _ in yolo]
            for (_, a), (_, b) in zip(from_coco, yolo):
                assert a == pytest.approx(b, abs=0.01 / min(w, h))  # COCO pixels are rounded to 0.01


def test_webp_images_are_lossless_copies_of_the_png_pixels(built, sources, tmp_path):
    out, _ = built
    webp_out = tmp_path / "webp"
    build_dataset([sources / "rules.pdf"], webp_out, imgsz=IMGSZ, plan=PLAN, jobs=1,
                  image_format="webp")
    webp = find_one(webp_out, "images/*/rules_p0000.webp")
    png = find_one(out, "images/*/rules_p0000.png")
    data = webp.read_bytes()
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP" and data[12:16] == b"VP8L"  # the lossless codec
    assert np.array_equal(np.asarray(Image.open(webp).convert("L")), np.asarray(Image.open(png)))
    assert labels_of(webp_out, "rules") == labels_of(out, "rules")
    coco = json.loads(find_one(webp_out, f"coco_{webp.parent.name}.json").read_text(encoding="utf-8"))
    assert [i["file_name"] for i in coco["images"]] == [f"images/{webp.parent.name}/rules_p0000.webp"]


# --- signatures named as such ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "name, is_signature",
    [
        ("form1[0].Page1[0].ApplicantSignature_2[0]", True),
        ("Signature1", True),
        ("SIGNATURE OF TAXPAYER", True),
        ("Firma del cliente", True),
        ("Unterschrift", True),
        ("SignatureDate", False),  # the date beside a signature
        ("Date signed", False),
        ("PrintName", False),
        ("Designation", False),  # "sign" inside another word
        ("topmostSubform[0].Page1[0].Sign1_ft[0]", False),  # "SIGN" captions a line; names say more
        ("SignName", False),
        ("Signed on", False),  # when or where it was signed: a date or a place
        ("Signed dd/mm/yyyy", False),
        ("Localidad_Firma", False),
        ("Signature_dt", False),
        ("Firma del cliente", True),
        ("Text12", False),
        ("Signature.0", True),  # a numbered kid of a signature field
        ("topmostSubform[0].Page3[0].SignHere[0].f3_11[0]", False),  # a field of the signing section
        ("form1[0].subTranslatorSignature[0].subRow3[0].textFieldAddress[0]", False),
    ],
)
def test_signature_names(name, is_signature):
    assert is_signature_name(name) is is_signature


def test_text_widgets_named_as_signatures_become_signatures_when_asked(tmp_path):
    page = [
        Spec(TEXT, (60, 60, 260, 84), name="ApplicantSignature"),
        Spec(TEXT, (300, 60, 500, 84), name="SignatureDate"),
        Spec(CHECK, (60, 120, 76, 136), name="Signature_ok"),  # only text widgets are relabelled
        Spec(SIGNATURE, (60, 180, 260, 210)),
    ]
    src = draw_fillable(tmp_path / "signatures.pdf", [page])
    plain = build_dataset([src], tmp_path / "plain", imgsz=IMGSZ, plan=PLAN, jobs=1)
    by_name = build_dataset([src], tmp_path / "by_name", imgsz=IMGSZ, plan=PLAN, jobs=1,
                            signatures_by_name=True)
    assert [c for c, _ in labels_of(tmp_path / "plain", "signatures")] == [0, 0, 1, 2]
    assert [c for c, _ in labels_of(tmp_path / "by_name", "signatures")] == [2, 0, 1, 2]
    assert plain["text_relabelled_signature_by_name"] == 0
    assert by_name["text_relabelled_signature_by_name"] == 1
    assert [b for _, b in labels_of(tmp_path / "plain", "signatures")] == [
        b for _, b in labels_of(tmp_path / "by_name", "signatures")
    ]


def test_text_widgets_captioned_as_signatures_become_signatures_when_asked(tmp_path):
    page = [
        Spec(TEXT, (60, 60, 300, 84), name="Text1"),  # wide, captioned "Signature of applicant"
        Spec(TEXT, (340, 60, 520, 84), name="Text2"),  # captioned "Date"
        Spec(TEXT, (160, 130, 176, 146), name="Text3"),  # labelled "Signature", but one character cell
    ]
    drawn = draw_fillable(tmp_path / "drawn.pdf", [page])
    src = tmp_path / "captions.pdf"
    with pymupdf.open(drawn) as doc:
        doc[0].insert_text((60, 98), "Signature of applicant", fontsize=9)
        doc[0].insert_text((340, 98), "Date", fontsize=9)
        doc[0].insert_text((60, 142), "Signature", fontsize=9)
        doc.save(src)
    plain = build_dataset([src], tmp_path / "plain", imgsz=IMGSZ, plan=PLAN, jobs=1)
    by_caption = build_dataset([src], tmp_path / "by_caption", imgsz=IMGSZ, plan=PLAN, jobs=1,
                               signatures_by_caption=True)
    assert [c for c, _ in labels_of(tmp_path / "plain", "captions")] == [0, 0, 0]
    assert [c for c, _ in labels_of(tmp_path / "by_caption", "captions")] == [2, 0, 0]
    assert (plain["text_relabelled_signature_by_caption"], by_caption["text_relabelled_signature_by_caption"]) == (0, 1)


def test_signature_lines_without_a_widget_become_signature_labels_when_asked(tmp_path):
    fields = [Spec(TEXT, (60, 40, 300, 64), name="Name"), Spec(TEXT, (340, 40, 520, 64), name="Signed")]
    drawn = draw_fillable(tmp_path / "drawn.pdf", [fields])
    src = tmp_path / "lines.pdf"
    with pymupdf.open(drawn) as doc:
        page = doc[0]
        page.insert_text((340, 36), "Signature", fontsize=9)  # labels the field, not the line under it
        page.draw_line((340, 90), (520, 90))
        page.draw_line((60, 160), (300, 160))  # the signature line: its caption is printed under it
        page.insert_text((60, 172), "Signature of applicant", fontsize=9)
        page.draw_line((340, 160), (520, 160))  # a date line beside it
        page.insert_text((340, 172), "Date", fontsize=9)
        page.draw_line((60, 260), (120, 260))  # captioned, but too short to sign on
        page.insert_text((60, 272), "Signature", fontsize=9)
        page.draw_rect((60, 360, 400, 420))  # the top edge of a box that a caption follows
        page.insert_text((64, 374), "Signature", fontsize=9)
        page.draw_line((60, 480), (400, 480))  # a rule over a heading
        page.insert_text((60, 500), "SECTION 4 - SIGNATURE", fontsize=16)
        page.insert_text((60, 540), "I declare that the information I gave is true.", fontsize=9)
        doc.save(src)
    plain = build_dataset([src], tmp_path / "plain", imgsz=IMGSZ, plan=PLAN, jobs=1)
    lines = build_dataset([src], tmp_path / "lines", imgsz=IMGSZ, plan=PLAN, jobs=1,
                          signatures_on_lines=True)
    assert [c for c, _ in labels_of(tmp_path / "plain", "lines")] == [0, 0]
    found = labels_of(tmp_path / "lines", "lines")
    assert [c for c, _ in found] == [0, 0, 2]
    assert_labels([found[2]], [(2, fractions((60, 140, 300, 160)))])  # 20 pt of room to sign, on the line
    assert (plain["signature_lines_added"], lines["signature_lines_added"]) == (0, 1)


# --- the command line ------------------------------------------------------------------------------
def test_cli_builds_a_dataset_and_prints_the_stats(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    draw_fillable(src / "w9_2019.pdf", [GOOD_PAGE])
    draw_fillable(src / "w9_2022.pdf", [GOOD_PAGE])
    (src / "notes.pdf").write_bytes(b"%PDF-1.7 but nothing else")
    groups = tmp_path / "groups.tsv"
    groups.write_text("sha16\tgroup\nw9_2019\tw9\nw9_2022\tw9\n", encoding="utf-8")
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "commonforms_cli", "dataset", "build", str(src), str(out),
         "--imgsz", str(IMGSZ), "--jobs", "1", "--val-fraction", str(VAL_FRACTION), "--groups", str(groups)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    assert stats == json.loads((out / "stats.json").read_text(encoding="utf-8"))
    assert stats["files"] == 3
    assert list(stats["files_failed"]) == [str(src / "notes.pdf")]
    assert stats["splits"][split_of("w9", VAL_FRACTION)] == {
        "pages": 2, "repos": 0, "groups": 1, "fields": {"text": 2}, "visible_fields": {"text": 2}
    }
    for stem in GROUPED:
        image = Image.open(find_one(out, f"images/{split_of('w9', VAL_FRACTION)}/{stem}_p0000.png"))
        assert max(image.size) == IMGSZ


def test_cli_splits_val_by_source_and_counts_sources_per_split(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for stem in ("a_2019", "a_2022", "b_form", "c_form"):
        draw_fillable(src / f"{stem}.pdf", [GOOD_PAGE])
    groups = tmp_path / "manifest.tsv"
    groups.write_text("sha16\trepo\tgroup\na_2019\torg/a\ta1\na_2022\torg/a\ta2\nb_form\torg/b\tb\n"
                      "c_form\torg/c\tc\n", encoding="utf-8")
    heldout = tmp_path / "heldout_repos.txt"
    heldout.write_text("org/c\n", encoding="utf-8")
    out = tmp_path / "out"
    build = [sys.executable, "-m", "commonforms_cli", "dataset", "build", str(src), str(out), "--imgsz", str(IMGSZ),
             "--jobs", "1", "--val-fraction", str(VAL_FRACTION), "--groups", str(groups)]
    result = subprocess.run([*build, "--heldout-repos", str(heldout), "--val-by-source"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    assert stats["val_split_by"] == "source"
    expected = {split: {"pages": 0, "repos": 0} for split in SPLITS}
    for repo, pages in (("org/a", 2), ("org/b", 1)):
        side = expected[split_of(repo, VAL_FRACTION)]
        side["pages"], side["repos"] = side["pages"] + pages, side["repos"] + 1
    expected["heldout"] = {"pages": 1, "repos": 1}
    assert {s: {k: stats["splits"][s][k] for k in ("pages", "repos")} for s in SPLITS} == expected
    alone = subprocess.run([*build[:-2], "--val-by-source"], capture_output=True, text=True, timeout=120)
    assert alone.returncode == 2 and "'repo' column" in alone.stderr and "Traceback" not in alone.stderr
