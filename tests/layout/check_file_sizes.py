"""Fails when a source file of the library has over 800 lines of code: a file that long holds more
than one concern and is split by concern (docs/architecture.md). Documentation does not count:
blank lines, comments, and docstrings are left out, so a header may explain every declaration
without being split. Tests, benchmarks and generated files are not checked.

    python3 check_file_sizes.py ROOT
"""

import io
import os
import sys
import tokenize

LIMIT = 800
DIRS = ("include", "src", "capi", "python")
C_LIKE = (".cpp", ".hpp", ".h", ".c", ".inc")
PY = (".py", ".pyi")


def c_code_lines(text: str) -> int:
    """Lines holding something other than comments (// and /* */, string literals respected)."""
    count, in_block = 0, False
    for line in text.splitlines():
        code, i, n = False, 0, len(line)
        while i < n:
            if in_block:
                end = line.find("*/", i)
                if end < 0:
                    break
                in_block, i = False, end + 2
                continue
            c = line[i]
            if line.startswith("//", i):
                break
            if line.startswith("/*", i):
                in_block, i = True, i + 2
                continue
            if c in "\"'":  # skip a literal (raw strings are rare here and hold no comment markers)
                j = i + 1
                while j < n and line[j] != c:
                    j += 2 if line[j] == "\\" else 1
                code, i = True, j + 1
                continue
            if not c.isspace():
                code = True
            i += 1
        count += code
    return count


def py_code_lines(text: str) -> int:
    """Lines holding a token other than a comment or a docstring."""
    lines = set()
    tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    skip = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT,
            tokenize.ENDMARKER}
    prev = tokenize.NEWLINE
    for tok in tokens:
        if tok.type in skip:
            if tok.type in (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT):
                prev = tokenize.NEWLINE
            continue
        # A string that is a statement of its own (module, class or function docstring).
        if tok.type == tokenize.STRING and prev == tokenize.NEWLINE:
            prev = tokenize.STRING
            continue
        prev = tok.type
        lines.update(range(tok.start[0], tok.end[0] + 1))
    return len(lines)


def main(root: str) -> int:
    over, checked = [], 0
    for d in DIRS:
        for dirpath, _, files in os.walk(os.path.join(root, d)):
            for name in sorted(files):
                path = os.path.join(dirpath, name)
                if name.endswith(C_LIKE):
                    counter = c_code_lines
                elif name.endswith(PY):
                    counter = py_code_lines
                else:
                    continue
                with open(path, encoding="utf-8") as f:
                    n = counter(f.read())
                checked += 1
                if n > LIMIT:
                    over.append(f"{os.path.relpath(path, root)} ({n} lines of code)")
    if not checked:
        print(f"no source files found under {root}", file=sys.stderr)
        return 1
    if over:
        print(f"source files over {LIMIT} lines of code (split them by concern):\n  " + "\n  ".join(over),
              file=sys.stderr)
        return 1
    print(f"{checked} source files, none over {LIMIT} lines of code")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
