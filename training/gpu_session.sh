#!/usr/bin/env bash
# One GPU training session on the lent machine, in steps that each fit one device call.
#
#   training/gpu_session.sh setup             install carried wheels, unpack .stage/*/*.tar into $CF/data
#   training/gpu_session.sh synth PAGES SEED  generate synthetic pages into $CF/data/synth (detached)
#   training/gpu_session.sh fill SEED SET...  filled copies of each set's training pages into
#                                             $CF/data/SET_fill (training/fill_images.py)
#   training/gpu_session.sh augment COPIES SEED SET...  COPIES new layouts of each set's training
#                                             pages into $CF/data/SET_aug (training/augment_pages.py)
#   training/gpu_session.sh start RUN...      start detached training runs (MODEL resume: continue
#                                             NAME from its last.pt, carried in .stage/resume*)
#   training/gpu_session.sh poll SECONDS      wait, then print the tail of every log and put a
#                                             stripped snapshot of each run's best.pt in $OUT
#   training/gpu_session.sh collect SECONDS [NAME...]  wait up to SECONDS for the runs to end (then
#                                             stop them), and put each run's weights and figures in $OUT,
#                                             each NAME's last.pt too (NAME-last.pt.aa, ...) to resume it
#   training/gpu_session.sh send              the files collect made that did not fit its call's $OUT
#   training/gpu_session.sh cuda-parts        keep the carried parts of the onnxruntime-gpu wheel
#                                             (.stage/ortgpu/pN/part.N: 256 MB in 9 calls of 30 MB)
#   training/gpu_session.sh cuda-check        assemble and install it apart, then time `prepare` on
#                                             the CPU and through CUDA (benchmarks/device_speed.py)
#
# A run is NAME:GPU:MINUTES:MODEL:DATA, e.g. corpus:0:18:yolo11s.yaml:corpus. MINUTES 0 leaves the
# run unbounded (EXTRA="--epochs N" sets its schedule): longer than a session, it goes on in the next
# one as NAME:GPU:0:resume:DATA, from NAME's last.pt (about 95 MB for yolo11s with AdamW: its 15 MiB
# parts carried two to a folder, .stage/resume_a, _b, ..., one folder a call, as a call carries 64 MiB
# with the working tree's 33).
# (DATA is corpus: the real pages of `dataset build --heldout-repos training/heldout_repos.txt
# --signatures-by-name --signatures-by-caption --signatures-on-lines`, staged by training/stage.py;
# corpusfill: those and their filled copies (fill); corpusmix: corpus + synthetic; fillmix: all three;
# augfill: corpusfill + the pages' new layouts (augment); augmix: augfill + synthetic; visible and
# visiblefill: the same pages labelled with every visible widget (the build's labels_visible, set up
# as corpus_visible); all validate on corpus/images/val, the group split: the held-out sources are
# measured on their PDFs). Files come
# back through $OUT at most 16 MiB each, so each run's results are one tar split into 15 MiB parts:
#   cat NAME.tar.* | tar -x
set -uo pipefail
CF=${CF:-/root/cf}
export PYTHONPATH=/tmp/site:$CF/code
export YOLO_OFFLINE=1 NCCL_NVLS_ENABLE=0 TORCH_SYMM_MEM_DISABLE_MULTICAST=1 NVSHMEM_DISABLE_NVLS=1
step=${1:?step}; shift

case $step in
setup)
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl || exit 1
  mkdir -p "$CF/code" "$CF/data"
  for f in .stage/*/*.tar; do [ -e "$f" ] && tar -xf "$f" -C "$CF/data" --skip-old-files; done
  # corpus_visible: corpus's images (hard links: ultralytics resolves a symlinked folder and would
  # read corpus's labels) with labels_visible; linked again after every part is unpacked
  for split in train val; do
    [ -d "$CF/data/corpus/labels_visible/$split" ] || continue
    mkdir -p "$CF/data/corpus_visible/images/$split" "$CF/data/corpus_visible/labels/$split"
    find "$CF/data/corpus/images/$split" -type f -exec ln -f -t "$CF/data/corpus_visible/images/$split" {} +
    cp -f "$CF/data/corpus/labels_visible/$split/"*.txt "$CF/data/corpus_visible/labels/$split/"
  done
  cp -r commonforms_cli training "$CF/code/"
  for part in .stage/resume*/*; do [ -e "$part" ] && mkdir -p "$CF/resume" && cp -n "$part" "$CF/resume/"; done
  du -sh "$CF/data"/* 2>/dev/null
  python3 -c "import glob, cv2, ultralytics, pymupdf; f=sorted(glob.glob('$CF/data/corpus/images/*/*.webp'))[:1]; \
print('ultralytics', ultralytics.__version__, 'pymupdf', pymupdf.VersionBind, 'webp', [cv2.imread(x).shape for x in f])"
  nvidia-smi --query-gpu=name,memory.total --format=csv,noheader
  ;;
synth)  # synth PAGES SEED: generate synthetic pages (detached)
  pages=${1:-1500}; seed=${2:-1}
  setsid nohup python3 -c "from commonforms_cli.dataset.synth import build_synthetic as b; print(b('$CF/data/synth', $pages, seed=$seed, jobs=14))" \
    >"$CF/synth.log" 2>&1 </dev/null &
  ;;
fill)  # fill SEED SET...: filled copies of each set's training pages (in the foreground: seconds)
  seed=${1:-1}; shift
  for set in "${@:-corpus}"; do
    python3 "$CF/code/training/fill_images.py" "$CF/data/$set" "$CF/data/${set}_fill" --seed "$seed" --jobs 14
  done
  ;;
augment)  # augment COPIES SEED SET...: bands restacked and mixed across sources (sources.tsv: stage.py --sources)
  copies=${1:-2}; seed=${2:-1}; shift $(($# < 2 ? $# : 2))
  sources=(); [ -f "$CF/data/corpus/sources.tsv" ] && sources=(--sources "$CF/data/corpus/sources.tsv")
  for set in "${@:-corpus}"; do
    python3 "$CF/code/training/augment_pages.py" "$CF/data/$set" "$CF/data/${set}_aug" --copies "$copies" \
      --seed "$seed" --jobs 14 "${sources[@]}"
  done
  ;;
start)
  cd "$CF" || exit 1
  data_yaml() {  # NAME TRAIN: a data file validating on the corpus's group split
    printf 'path: %s/data\ntrain: %s\nval: corpus/images/val\nnames: {0: text, 1: choice, 2: signature}\n' "$CF" "$2" >"$1.yaml"
  }
  data_yaml corpus corpus/images/train
  data_yaml corpusfill "[corpus/images/train, corpus_fill/images/train]"
  data_yaml corpusmix "[corpus/images/train, synth/images/train]"
  data_yaml fillmix "[corpus/images/train, corpus_fill/images/train, synth/images/train]"
  data_yaml augfill "[corpus/images/train, corpus_fill/images/train, corpus_aug/images/train]"
  data_yaml augmix "[corpus/images/train, corpus_fill/images/train, corpus_aug/images/train, synth/images/train]"
  data_yaml visible corpus_visible/images/train
  data_yaml visiblefill "[corpus_visible/images/train, corpus_visible_fill/images/train]"
  for run in "$@"; do
    IFS=: read -r name gpu minutes model data <<<"$run"
    wait_synth=""
    [[ "$data" == *mix ]] && wait_synth="while ! grep -q pages $CF/synth.log 2>/dev/null; do sleep 5; done;"
    if [ "$model" = resume ]; then
      cat "$CF/resume/$name-last.pt".* >"$CF/$name-last.pt" || exit 1
      train="--resume $CF/$name-last.pt"
    else
      train="--model $model --minutes $minutes --project $CF/runs --name $name ${EXTRA:-}"
    fi
    setsid nohup bash -c "$wait_synth python3 code/training/train.py --data $CF/$data.yaml $train \
      --device $gpu --workers 12" \
      >"$CF/$name.log" 2>&1 </dev/null &
    echo "started $name on GPU $gpu for $minutes min"
  done
  ;;
poll)
  sleep "${1:-0}"
  for log in "$CF"/*.log; do
    echo "== $log"; tr '\r' '\n' <"$log" | grep -v '^\s*$' | grep -v 'Box(P' | tail -n 4 | cut -c1-200
  done
  nvidia-smi --query-gpu=index,utilization.gpu,memory.used --format=csv,noheader
  # a snapshot of each run's best epoch so far comes back through $OUT, so a machine lost
  # between calls costs only the minutes since the last poll
  for dir in "$CF"/runs/*/; do
    [ -f "$dir/weights/best.pt" ] || continue
    name=$(basename "$dir"); snap=/tmp/snap/$name; mkdir -p "$snap/weights"
    cp "$dir/weights/best.pt" "$snap/weights/best.pt" && cp "$dir/results.csv" "$snap/" || continue
    python3 -c "from ultralytics.utils.torch_utils import strip_optimizer as s; s('$snap/weights/best.pt')" >/dev/null 2>&1 || continue
    tar -cf - -C "$snap" weights/best.pt results.csv | split -b 15M - "$OUT/$name-snap.tar."
  done
  ;;
collect)
  deadline=$((SECONDS + ${1:-0})); shift
  resumable=" $* "
  while pgrep -f code/training/train.py >/dev/null && [ $SECONDS -lt $deadline ]; do sleep 5; done
  pkill -f code/training/train.py && sleep 10  # out of time: keep the best epoch so far
  rm -rf "$CF/out" && mkdir -p "$CF/out"  # no parts, nor sent marks, of an earlier collect
  for dir in "$CF"/runs/*/; do
    name=$(basename "$dir")
    [ -f "$dir/summary.json" ] || python3 -c "from ultralytics.utils.torch_utils import strip_optimizer as s; s('$dir/weights/best.pt')"
    tr '\r' '\n' <"$CF/$name.log" | awk '!/━/ || /100%/' >"$dir/train.log"
    tar -cf - -C "$dir" weights/best.pt results.csv train.log $(cd "$dir" && ls summary.json 2>/dev/null) \
      | split -b 15M - "$CF/out/$name.tar."
    [[ "$resumable" == *" $name "* ]] && split -b 15M "$dir/weights/last.pt" "$CF/out/$name-last.pt."
    grep -E '^ +(all|text|choice|signature) |SUMMARY|epochs completed' "$dir/train.log" | tail -n 6 | cut -c1-300
  done
  bash "$0" send
  ;;
send)  # as many of collect's files as one call's $OUT holds (8 files, 64 MiB), those not sent before
  sent=0
  for file in "$CF"/out/*.tar.* "$CF"/out/*-last.pt.*; do  # weights first
    [ -e "$file" ] && [[ "$file" != *.sent ]] && [ ! -e "$file.sent" ] || continue
    size=$(stat -c %s "$file")
    [ $((sent + size)) -le $((62 << 20)) ] && [ "$(ls "$OUT" | wc -l)" -lt 8 ] || continue
    cp "$file" "$OUT/" && touch "$file.sent" && sent=$((sent + size))
  done
  ls -la "$OUT"
  left=$(for file in "$CF"/out/*; do [[ "$file" == *.sent ]] || [ -e "$file.sent" ] || echo "$file"; done | wc -l)
  [ "$left" -eq 0 ] || echo "$left files left: call 'bash training/gpu_session.sh send' again"
  ;;
cuda-parts)
  mkdir -p "$CF/ortgpu" && cp .stage/ortgpu/p*/* "$CF/ortgpu/" && ls "$CF/ortgpu"
  ;;
cuda-check)  # the wheel's sha256 is in training/README.md; onnxruntime-gpu 1.31.1 wants CUDA 13, as the machine has
  wheel=/tmp/onnxruntime_gpu-1.31.1-cp312-cp312-manylinux_2_28_x86_64.whl
  [ -d /tmp/ortgpu ] || { cat "$CF/ortgpu"/part.* >"$wheel" && sha256sum "$wheel" &&
    python3 -m pip install -q --no-index --no-deps --no-compile --target /tmp/ortgpu "$wheel"; } || exit 1
  cp -r commonforms_cli "$CF/code/"
  # the machine's own onnxruntime is the CPU build: the GPU one must come first on the path.
  # Each check is bounded, so that one slow configuration cannot cost the others' results.
  speed() { PYTHONPATH=/tmp/ortgpu:$PYTHONPATH timeout 150 python3 benchmarks/device_speed.py --pages 20 "${@:2}" | tee "$OUT/$1.json"; }
  speed device_speed
  # an fp16 export, carried with the last part, is the natural model for a GPU
  for model in "$CF"/ortgpu/*.onnx; do
    [ -e "$model" ] && speed "device_speed-$(basename "$model" .onnx)" --devices cuda --model "$model"
  done
  ;;
esac
