#!/usr/bin/env python3
"""Derives the SciFact answer sets (committed) and the corpus subset they need (not committed).

SciFact (CC BY-NC 2.0, train split in ../../../shared/datasets/scifact) has claims, not questions
with short answers: an answerable item is a claim whose judged abstract is in the subset corpus
(scored by gold-source-cited; its "answers" stay empty), an unanswerable one is a claim whose
judged abstracts were all left out of the subset. Deterministic: sorted ids, a fixed seed.

  bench/answer-sets/make-scifact-set.py DATASET_DIR OUT_CORPUS.jsonl
writes scifact-dev.jsonl and scifact-test.jsonl next to this script and the subset corpus to
OUT_CORPUS.jsonl (ingest it with rag eval --corpus, see bench/RESULTS.md).
"""
import gzip, json, os, random, sys

data, out_corpus = sys.argv[1], sys.argv[2]
here = os.path.dirname(os.path.abspath(__file__))
queries = {}
with open(os.path.join(data, "queries.jsonl")) as f:
    for line in f:
        q = json.loads(line)
        queries[q["_id"]] = q["text"]
relevant = {}
with open(os.path.join(data, "qrels", "train.tsv")) as f:
    next(f)
    for line in f:
        qid, doc, score = line.split("\t")
        if int(score) > 0:
            relevant.setdefault(qid, set()).add(doc)
rng = random.Random(17)
qids = sorted(relevant, key=int)
rng.shuffle(qids)
# Claims of one held-out abstract must not share it with an answerable claim.
answerable, unanswerable, kept, dropped = [], [], set(), set()
for qid in qids:
    docs = relevant[qid]
    if len(answerable) < 60 and not docs & dropped:
        answerable.append(qid)
        kept |= docs
    elif len(unanswerable) < 30 and not docs & kept:
        unanswerable.append(qid)
        dropped |= docs
    if len(answerable) == 60 and len(unanswerable) == 30:
        break
corpus = []
with gzip.open(os.path.join(data, "corpus.jsonl.gz"), "rt") as f:
    for line in f:
        corpus.append(json.loads(line))
others = [d for d in corpus if d["_id"] not in kept and d["_id"] not in dropped]
rng.shuffle(others)
subset_ids = kept | {d["_id"] for d in others[:340]}
with open(out_corpus, "w") as f:
    for d in corpus:
        if d["_id"] in subset_ids:
            f.write(json.dumps(d) + "\n")


def item(qid, unans):
    row = {"id": "scifact-" + qid, "question": queries[qid], "answers": []}
    if unans:
        row["unanswerable"] = True
    else:
        row["documentId"] = sorted(relevant[qid], key=int)[0]
        if len(relevant[qid]) > 1:
            row["documentIds"] = sorted(relevant[qid], key=int)
    return row


for name, half in (("scifact-dev.jsonl", 0), ("scifact-test.jsonl", 1)):
    with open(os.path.join(here, name), "w") as f:
        for i, qid in enumerate(answerable):
            if i % 2 == half:
                f.write(json.dumps(item(qid, False)) + "\n")
        for i, qid in enumerate(unanswerable):
            if i % 2 == half:
                f.write(json.dumps(item(qid, True)) + "\n")
print(f"{len(subset_ids)} documents in {out_corpus}; {len(answerable)} answerable, "
      f"{len(unanswerable)} unanswerable claims", file=sys.stderr)
