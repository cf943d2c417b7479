"""How much of the dependency parse a selective pipeline could skip: the share of sentences, and of tokens, that hold
nothing the parse is read for.

    python benchmarks/parse_share.py --articles 200 --skip 300

The extraction reads the parse around event triggers, speech cues, quotations and the verbs framing marks by
their particles. A sentence needs it when it holds any of these, decided as generously as the extraction itself
could use them:

- a token whose part of speech and lemma some event rule has (``EventCoder`` asks exactly this before it reads any
  dependency);
- a token whose lemma is a speech cue, or that starts a multi-word cue (``according to``);
- a token whose lemma is a framing verb with a mark;
- a quotation mark or apostrophe in any token.

Prints both shares for the first N articles with text after the first ``--skip`` of ../shared/corpora/allsides_abp
(or --corpus), with the reason counts. The docs are parsed as the pipeline parses them.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest_throughput import DEFAULT_CORPUS  # noqa: E402

QUOTE_CHARACTERS = set("\"“”‘’'«»")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--skip", type=int, default=0)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        print(f"{args.corpus} not found: the benchmark needs ../shared/corpora/allsides_abp", file=sys.stderr)
        return 2
    import gzip

    from newsledger.extract.events import _POS
    from newsledger.nlp.model import parse
    from newsledger.pipeline import Pipeline

    with gzip.open(args.corpus, "rt", encoding="utf-8") as lines:
        texts = [t for t in itertools.islice(filter(None, (json.loads(line).get("text") for line in lines)),
                                             args.skip, args.skip + args.articles)]
    pipeline = Pipeline()
    rules, cues, marked = pipeline.rules.rules, pipeline.quotes.cues, pipeline.framing.marked_verbs
    cue_starts = {words[0] for words in cues.phrases}
    sentences = needed = tokens = needed_tokens = 0
    reasons = dict.fromkeys(("event rule", "speech cue", "framing verb", "quotation mark"), 0)
    config = pipeline.config
    for doc in parse(pipeline.nlp, texts, batch_size=config.batch_size, batch_chars=config.batch_chars,
                     max_chars=config.max_chars, annotator=pipeline.annotator):
        for sentence in doc.sents:
            found = set()
            for token in sentence:
                pos, lemma = _POS.get(token.pos_), token.lemma_.lower()
                if pos is not None and (pos, lemma) in rules:
                    found.add("event rule")
                if lemma in cues.any_frame or token.lower_ in cue_starts:
                    found.add("speech cue")
                if lemma in marked:
                    found.add("framing verb")
                if QUOTE_CHARACTERS & set(token.text):
                    found.add("quotation mark")
            sentences += 1
            tokens += len(sentence)
            if found:
                needed += 1
                needed_tokens += len(sentence)
            for reason in found:
                reasons[reason] += 1
    print(f"{len(texts)} articles, {sentences} sentences, {tokens} tokens")
    print(f"sentences that need the parse: {needed} ({needed / sentences:.1%}); "
          f"their tokens: {needed_tokens} ({needed_tokens / tokens:.1%})")
    print("sentences by reason (a sentence may have several): "
          + ", ".join(f"{reason} {count}" for reason, count in reasons.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
