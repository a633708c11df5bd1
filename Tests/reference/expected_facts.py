#!/usr/bin/env python3
"""Independent expectations for meshdiff's JSON report, computed with git and PyYAML.

  expected_facts.py REPO FROM TO

Prints the sets DESIGN.md defines (resources by status, images, flags, env) as JSON. It shares
no code with meshdiff: another language, another YAML parser (PyYAML, YAML 1.1 like Kubernetes'
go-yaml v2), and the rules re-implemented from their text in DESIGN.md.
"""
import json, subprocess, sys
import yaml

WORKLOAD_POD_SPEC = {
    "Pod": ["spec"],
    "Deployment": ["spec", "template", "spec"], "StatefulSet": ["spec", "template", "spec"],
    "DaemonSet": ["spec", "template", "spec"], "ReplicaSet": ["spec", "template", "spec"],
    "ReplicationController": ["spec", "template", "spec"], "Job": ["spec", "template", "spec"],
    "CronJob": ["spec", "jobTemplate", "spec", "template", "spec"],
}


def git(repo, *args):
    return subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True).stdout


def resources_at(repo, rev):
    out = {}
    for path in git(repo, "ls-tree", "-r", "--name-only", rev).decode().splitlines():
        if not path.lower().endswith((".yaml", ".yml", ".json")):
            continue
        text = git(repo, "show", f"{rev}:{path}").decode()
        for doc in yaml.safe_load_all(text):
            items = doc.get("items", []) if isinstance(doc, dict) and str(doc.get("kind", "")).endswith("List") else [doc]
            for obj in items:
                if not isinstance(obj, dict) or "kind" not in obj or not (obj.get("metadata") or {}).get("name"):
                    continue
                api = obj.get("apiVersion", "")
                group = api.split("/")[0] if "/" in api else ""
                key = (group, obj["kind"], (obj["metadata"].get("namespace") or None), str(obj["metadata"]["name"]))
                out.setdefault(key, obj)
    return out


def containers(obj):
    path = WORKLOAD_POD_SPEC.get(obj.get("kind"))
    if not path:
        return []
    spec = obj
    for key in path:
        spec = (spec or {}).get(key) if isinstance(spec, dict) else None
    if not isinstance(spec, dict):
        return []
    result = []
    for group in ("initContainers", "containers", "ephemeralContainers"):
        for c in spec.get(group) or []:
            result.append(c)
    return result


def flags(container):
    tokens = [str(t) for t in (container.get("command") or []) + (container.get("args") or [])]
    values, positional, i = {}, [], 0
    while i < len(tokens):
        t = tokens[i]
        i += 1
        if t.startswith("-") and t not in ("-", "--"):
            body = t.lstrip("-")
            if "=" in body:
                name, value = body.split("=", 1)
            else:
                name = body
                if i < len(tokens) and not tokens[i].startswith("-"):
                    value = tokens[i]
                    i += 1
                else:
                    value = ""
            values[name] = values[name] + "," + value if name in values else value
        else:
            positional.append(t)
    if positional:
        values[""] = " ".join(positional)
    return values


def env(container):
    out = {}
    for e in container.get("env") or []:
        out[e["name"]] = e.get("valueFrom") if "valueFrom" in e else str(e.get("value", ""))
    return out


def main():
    repo, a, b = sys.argv[1:4]
    old, new = resources_at(repo, a), resources_at(repo, b)
    facts = {"added": [], "removed": [], "modified": [], "images": [], "flags": [], "env": []}
    for key in sorted(set(old) | set(new), key=lambda k: tuple(x or "" for x in k)):
        o, n = old.get(key), new.get(key)
        ident = [key[1], key[2], key[3]]
        if o is None:
            facts["added"].append(ident)
        elif n is None:
            facts["removed"].append(ident)
        elif o != n:
            facts["modified"].append(ident)
        oc = {c["name"]: c for c in containers(o or {})}
        nc = {c["name"]: c for c in containers(n or {})}
        for name in list(oc) + [x for x in nc if x not in oc]:
            oi = oc[name].get("image") if name in oc else None
            ni = nc[name].get("image") if name in nc else None
            if oi != ni or (name in oc) != (name in nc):
                facts["images"].append(ident + [name, oi, ni])
            if name in oc and name in nc:
                of, nf = flags(oc[name]), flags(nc[name])
                for f in list(of) + [x for x in nf if x not in of]:
                    if of.get(f) != nf.get(f):
                        facts["flags"].append(ident + [name, f, of.get(f), nf.get(f)])
                oe, ne = env(oc[name]), env(nc[name])
                for v in list(oe) + [x for x in ne if x not in oe]:
                    if oe.get(v) != ne.get(v):
                        facts["env"].append(ident + [name, v])
    json.dump(facts, sys.stdout, default=str)


if __name__ == "__main__":
    main()
