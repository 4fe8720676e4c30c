#!/usr/bin/env python3
"""Fails on a link in the project's Markdown that does not resolve.

Usage: check-links.py [FILE.md...]
Without arguments it checks README.md, CONTRIBUTING.md, CHANGELOG.md, docs/*.md,
examples/*/README.md and every README.md of the archetype, from the repository root.

A relative link must name a file or directory that exists (a leading '/' is the repository root,
as on GitHub); a '#anchor' must match a heading of the target Markdown file (or of the file
itself), with GitHub's rule: lower case, spaces to '-', punctuation other than '-' and '_' removed,
'-1', '-2', ... for repeated headings; an HTML <a id="..."> or name="..." counts too. External
links (http, https, mailto) are not fetched: the check needs no network. Links inside code blocks
and code spans are not links. The archetype's README is a Velocity template: '$h' is read as '#'.
Python 3 standard library only. Exit status: 0 when every link resolves, 1 otherwise.
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FENCE = re.compile(r"^\s{0,3}(```|~~~)")
HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
HTML_ANCHOR = re.compile(r"""<a\s+[^>]*?(?:id|name)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
CODE_SPAN = re.compile(r"(`+)(?:.+?)\1")
# [text](target) or ![alt](target), the target optionally in <...> and followed by a title.
INLINE_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+[\"'(][^)]*)?\)")
# [label]: target
REFERENCE_LINK = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)")
EXTERNAL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def default_files():
    files = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", ROOT / "CHANGELOG.md"]
    files += sorted((ROOT / "docs").glob("*.md"))
    files += sorted((ROOT / "examples").glob("*/README.md"))
    files += sorted(p for p in (ROOT / "archetype" / "src").rglob("README.md") if "target" not in p.parts)
    return [f for f in files if f.is_file()]


def text_of(path):
    text = path.read_text(encoding="utf-8")
    if text.startswith("#set( $h = '#' )"):  # the archetype's Velocity template
        text = text.replace("$h", "#")
    return text


def lines_outside_code(text):
    """Yields (line number, line) for lines outside fenced code blocks."""
    fence = None
    for number, line in enumerate(text.split("\n"), start=1):
        match = FENCE.match(line)
        if match:
            if fence is None:
                fence = match.group(1)
                continue
            if line.strip().startswith(fence):
                fence = None
                continue
        if fence is None:
            yield number, line


def slug(heading):
    """GitHub's anchor for a heading's text."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link in a heading: its text
    text = re.sub(r"<[^>]+>", "", text)  # HTML tags
    text = text.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)  # punctuation (\w keeps letters, digits and '_')
    return text.replace(" ", "-")


_anchors = {}


def anchors(path):
    if path not in _anchors:
        found, seen = set(), {}
        for _, line in lines_outside_code(text_of(path)):
            for name in HTML_ANCHOR.findall(line):
                found.add(name)
            match = HEADING.match(line)
            if match:
                base = slug(match.group(2))
                count = seen.get(base, 0)
                seen[base] = count + 1
                found.add(base if count == 0 else f"{base}-{count}")
        _anchors[path] = found
    return _anchors[path]


def problems(path):
    for number, line in lines_outside_code(text_of(path)):
        bare = CODE_SPAN.sub("", line)
        targets = [m.group(1) for m in INLINE_LINK.finditer(bare)]
        reference = REFERENCE_LINK.match(bare)
        if reference:
            targets.append(reference.group(1))
        for target in targets:
            problem = check(path, target.strip("<>"))
            if problem:
                yield f"{display(path)}:{number}: broken link '{target}': {problem}"


def check(path, target):
    if EXTERNAL.match(target):
        return None  # not fetched: no network
    file_part, _, anchor = target.partition("#")
    if file_part:
        base = ROOT if file_part.startswith("/") else path.parent
        resolved = (base / file_part.lstrip("/")).resolve()
        if not resolved.exists():
            return f"{display(resolved)} does not exist"
    else:
        resolved = path
    if anchor and resolved.is_file() and resolved.suffix == ".md":
        if anchor not in anchors(resolved):
            return f"no heading '#{anchor}' in {display(resolved)}"
    return None


def display(path):
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def main(arguments):
    files = [Path(a).resolve() for a in arguments] or default_files()
    found = [p for f in files for p in problems(f)]
    for problem in found:
        print(problem, file=sys.stderr)
    if found:
        print(f"check-links: {len(found)} broken link(s) in {len(files)} file(s)", file=sys.stderr)
        return 1
    print(f"check-links: every link of {len(files)} Markdown file(s) resolves")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
