import Foundation

/// The secret values and certificate bodies a repository holds, found independently of
/// meshdiff (PyYAML), so tests can check that none of them reaches any output.
public enum SecretValues {
    public static func inCorpus(repo: String, revisions: [String]) throws -> [String] {
        let script = """
            import subprocess, sys, yaml, base64
            repo = sys.argv[1]
            out = set()
            for rev in sys.argv[2:]:
                paths = subprocess.run(["git", "-C", repo, "ls-tree", "-r", "--name-only", rev], capture_output=True, text=True, check=True).stdout.split()
                for p in paths:
                    if not p.endswith((".yaml", ".yml")): continue
                    text = subprocess.run(["git", "-C", repo, "show", f"{rev}:{p}"], capture_output=True, text=True, check=True).stdout
                    for d in yaml.safe_load_all(text):
                        if isinstance(d, dict) and d.get("kind") == "Secret":
                            for key in ("data", "stringData"):
                                for v in (d.get(key) or {}).values():
                                    if v and len(str(v)) >= 16:
                                        out.add(str(v))
                                        if key == "data":
                                            try:
                                                decoded = base64.b64decode(v).decode()
                                                # the body lines of any PEM block inside
                                                out.update(l.strip() for l in decoded.splitlines() if len(l.strip()) >= 40 and not l.strip().startswith("-----") and " " not in l.strip())
                                                if "\\n" not in decoded and len(decoded) >= 16: out.add(decoded)
                                            except Exception: pass
                        def walk(v):
                            if isinstance(v, dict):
                                for x in v.values(): walk(x)
                            elif isinstance(v, list):
                                for x in v: walk(x)
                            elif isinstance(v, str):
                                text = v
                                if v.startswith("LS0tLS1CRUdJTi"):
                                    try: text = base64.b64decode(v).decode()
                                    except Exception: pass
                                if "-----BEGIN" in text:
                                    if v.startswith("-----BEGIN") or v.startswith("LS0tLS1CRUdJTi"): out.add(v[:64])
                                    inside = False
                                    for line in text.splitlines():
                                        line = line.strip()
                                        if line.startswith("-----BEGIN"): inside = True
                                        elif line.startswith("-----END"): inside = False
                                        elif inside and len(line) >= 40: out.add(line)
                        walk(d)
            for v in sorted(out): print(v.replace("\\n", "\\\\n"))
            """
        let output = try Shell.run(["python3", "-c", script, repo] + revisions).stdout
        return output.split(separator: "\n").map { $0.replacingOccurrences(of: "\\n", with: "\n") }.filter { $0.count >= 16 }
    }
}
