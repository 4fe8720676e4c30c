#!/usr/bin/env python3
"""The platform's compilation of a step's config block, written independently of the SDK for the
image tests: what Massdriver writes to /massdriver/config.json before it starts the step's container.
Every string leaf of the step's `config` in bundle/massdriver.yaml is a jq program run by the real
jq over {params, connections, dependencies}; other leaves (numbers, booleans, null, arrays) are
copied as written. Fails naming the key path when a program does not give exactly one value.

Usage: platform-config.py INPUTS_DIR STEP_PATH > config.json
"""
import json
import os
import subprocess
import sys

import yaml


def main():
    inputs, step_path = sys.argv[1], sys.argv[2]
    with open(os.path.join(inputs, "bundle", "massdriver.yaml"), encoding="utf-8") as f:
        bundle = yaml.safe_load(f)
    steps = [s for s in bundle.get("steps") or [] if s.get("path") == step_path]
    if not steps:
        sys.exit(f"platform-config: no step {step_path!r} in {inputs}/bundle/massdriver.yaml")

    def read(name):
        path = os.path.join(inputs, name)
        if not os.path.exists(path):
            return None
        with open(path, encoding="utf-8") as f:
            return json.load(f)

    connections = read("dependencies.json") or read("connections.json") or {}
    document = json.dumps({"params": read("params.json") or {}, "connections": connections,
                           "dependencies": connections})

    def compile_value(value, path):
        if isinstance(value, dict):
            return {key: compile_value(inner, f"{path}.{key}") for key, inner in value.items()}
        if not isinstance(value, str):
            return value
        run = subprocess.run(["jq", "-c", value], input=document, capture_output=True, text=True)
        outputs = run.stdout.splitlines()
        if run.returncode != 0 or len(outputs) != 1:
            sys.exit(f"platform-config: {path} = {value!r}: {run.stderr.strip() or f'{len(outputs)} outputs'}")
        return json.loads(outputs[0])

    json.dump(compile_value(steps[0].get("config") or {}, "config"), sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
