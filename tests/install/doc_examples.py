"""Writes every C and C++ example of README.md and docs/*.md as a compilable program.

    doc_examples.py ROOT OUTDIR   prints one line per program: "c|cpp PATH"

An example that has its own main() is written as it is; a fragment (statements after its
#include lines) is wrapped in main(), with the headers a fragment takes for granted."""

import os
import re
import sys

root, out = sys.argv[1], sys.argv[2]
pages = [os.path.join(root, "README.md")] + sorted(
    os.path.join(root, "docs", f) for f in os.listdir(os.path.join(root, "docs")) if f.endswith(".md"))
prelude = {"c": ["#include <stdio.h>", "#include <stdlib.h>"],
           "cpp": ["#include <cstdio>", "#include <vector>"]}
for page in pages:
    with open(page, encoding="utf-8") as f:
        text = f.read()
    for i, (lang, code) in enumerate(re.findall(r"^```(c|cpp)\n(.*?)^```", text, flags=re.S | re.M)):
        name = f"{os.path.splitext(os.path.basename(page))[0]}_{i}.{lang}"
        if not re.search(r"\bint\s+main\s*\(", code):
            lines = code.splitlines()
            includes = [line for line in lines if line.startswith("#include")]
            body = [line for line in lines if not line.startswith("#include")]
            code = "\n".join(prelude[lang] + includes + ["int main(void) {"] + ["    " + line for line in body]
                             + ["    return 0;", "}", ""])
        path = os.path.join(out, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(code)
        print(lang, path)
