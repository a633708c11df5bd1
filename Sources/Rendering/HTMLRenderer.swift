import Manifests
import Reports

/// The report as one self-contained HTML page (no network): the first screen at the top,
/// filters by kind, namespace and risk, collapsible resources with their changes side by
/// side, readable printed (every resource opens for printing).
public struct HTMLRenderer: ReportRenderer {
    public let format = "html"
    public init() {}

    public func render(_ report: Report, options: RenderOptions) throws -> String {
        let digest = ReportDigest(report, showNoise: options.showNoise, valueLimit: 400)
        var page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        page += "<title>meshdiff: \(Self.escape(digest.headline.map(\.text).joined(separator: "; ")))</title>\n"
        page += "<style>\(Self.style)</style>\n</head>\n<body>\n<!-- meshdiff:report -->\n<header>\n"
        for line in digest.headline {
            page += "<h1 class=\"\(line.tone == .risk ? "risk" : "")\">\(Self.escape(line.text))</h1>\n"
        }
        page += "<p class=\"dim\">\(Self.escape(digest.revisions))</p>\n"
        for link in digest.releaseNotes {
            page += "<p class=\"dim\">\(Self.escape(link.label)): <a href=\"\(Self.escape(link.url))\">\(Self.escape(link.url))</a></p>\n"
        }
        if !report.warnings.isEmpty {
            page += "<section class=\"warnings\"><h2>Warnings</h2>\n<ul>\n"
            for warning in report.warnings {
                page +=
                    "<li class=\"\(warning.severity.rawValue)\"><strong>\(Self.escape(warning.kind.rawValue))</strong> \(Self.escape(warning.message))</li>\n"
            }
            page += "</ul></section>\n"
        }
        page += "<p class=\"summary\"><strong>\(Self.escape(digest.summary))</strong></p>\n"
        if !digest.overview.isEmpty {
            page += "<ul class=\"overview\">" + digest.overview.map { "<li>\(Self.escape($0))</li>" }.joined() + "</ul>\n"
        }
        page += "</header>\n"
        if options.summaryOnly { return ControlCharacters.shown(page + "</body>\n</html>\n") }

        if !digest.images.isEmpty {
            page +=
                "<section><h2>Images</h2>\n<table><thead><tr><th>Image</th><th>From</th><th>To</th><th>Direction</th><th>Where</th></tr></thead><tbody>\n"
            for row in digest.images {
                page += "<tr class=\"\(row.isDowngrade ? "risk" : "")\"><td><code>\(Self.escape(row.image))</code></td>"
                page +=
                    "<td class=\"from\"><code>\(Self.escape(row.from))</code></td><td class=\"to\"><code>\(Self.escape(row.to))</code></td>"
                page += "<td>\(Self.escape(row.direction))</td><td>\(Self.escape(row.places.joined(separator: ", ")))</td></tr>\n"
            }
            page += "</tbody></table>\n"
            for (number, note) in digest.imageNotes.enumerated() { page += "<p class=\"dim\">[\(number + 1)] \(Self.escape(note))</p>\n" }
            page += "</section>\n"
        }
        if !digest.settings.isEmpty {
            page += "<section><h2>Flags and settings</h2>\n<table><thead><tr><th>Change</th><th>Where</th></tr></thead><tbody>\n"
            for row in digest.settings {
                page +=
                    "<tr><td>\(row.changes.map { "<code>\(Self.spans($0))</code>" }.joined(separator: "<br>"))</td><td>\(Self.escape(row.places.joined(separator: ", ")))</td></tr>\n"
            }
            page += "</tbody></table></section>\n"
        }
        let webhooks = digest.webhooks.map { ReportDigest.Line($0) }
        let sections = [
            ("GitOps settings", digest.gitops), ("Security", digest.security), ("RBAC", digest.rbac), ("CRDs", digest.crds),
            ("Webhooks", webhooks),
        ]
        for (title, lines) in sections where !lines.isEmpty {
            page +=
                "<section><h2>\(title)</h2>\n<ul>"
                + lines.map { "<li class=\"\($0.tone == .risk ? "risk" : "")\">\(Self.spans($0))</li>" }.joined()
                + "</ul></section>\n"
        }

        page += "<section><h2>Resources</h2>\n<form class=\"filters\" onsubmit=\"return false\">\n"
        page += Self.select("kind", "every kind", Set(report.resources.map(\.kind)).sorted())
        page += Self.select("namespace", "every namespace", Set(report.resources.map { $0.namespace ?? "(cluster)" }).sorted())
        page += Self.select("risk", "every risk", ["high", "medium", "noise only"])
        page += "<input id=\"search\" type=\"search\" placeholder=\"name or path\" aria-label=\"search\">\n</form>\n"
        page += "<div id=\"resources\">\n"
        for resource in report.resources {
            page += Self.resource(resource, showNoise: options.showNoise)
        }
        page += "</div>\n<p id=\"shown\" class=\"dim\"></p>\n</section>\n"
        if !digest.noise.isEmpty {
            page +=
                "<section><h2>Noise</h2>\n<ul>" + digest.noise.map { "<li class=\"dim\">\(Self.escape($0))</li>" }.joined()
                + "</ul></section>\n"
        }
        if !digest.findings.isEmpty {
            page +=
                "<section><h2>Findings</h2>\n<ul>" + digest.findings.map { "<li>\(Self.escape($0.text))</li>" }.joined()
                + "</ul></section>\n"
        }
        page += "<script>\(Self.script)</script>\n</body>\n</html>\n"
        // The page writes no control character of its own: whatever is left came from a manifest.
        return ControlCharacters.shown(page)
    }

    /// One resource: a collapsible block whose changes are a from/to table.
    static func resource(_ resource: ResourceChange, showNoise: Bool) -> String {
        let risky: Set<ChangeCategory> = [.image, .flag, .env, .secret, .trust]
        let meaningful = resource.changes.filter { !$0.category.isNoise }
        let risk =
            resource.status != .modified || resource.changes.contains { risky.contains($0.category) }
            ? "high"
            : meaningful.isEmpty ? "noise only" : "medium"
        var title = "\(resource.status.rawValue) \(resource.id)"
        if let previous = resource.previousName { title += " (renamed from \(previous))" }
        var out = "<details class=\"resource \(risk == "high" ? "risk" : "")\" data-kind=\"\(escape(resource.kind))\""
        out += " data-namespace=\"\(escape(resource.namespace ?? "(cluster)"))\" data-risk=\"\(risk)\">"
        out +=
            "<summary><code>\(escape(title))</code> <span class=\"dim\">\(resource.changes.count) change\(resource.changes.count == 1 ? "" : "s")</span></summary>\n"
        let shown = showNoise ? resource.changes : meaningful
        if !shown.isEmpty {
            out += "<table class=\"changes\"><thead><tr><th>Path</th><th>From</th><th>To</th></tr></thead><tbody>\n"
            for change in shown {
                let note = change.note.map { "<div class=\"dim\">\(escape($0))</div>" } ?? ""
                out += "<tr class=\"\(change.category.isNoise ? "dim" : "")\"><td><code>\(escape(change.path))</code>\(note)</td>"
                out += "<td class=\"from\"><pre>\(escape(ReportDigest.short(change.from, limit: 2_000)))</pre></td>"
                out += "<td class=\"to\"><pre>\(escape(ReportDigest.short(change.to, limit: 2_000)))</pre></td></tr>\n"
            }
            out += "</tbody></table>\n"
        }
        if shown.count < resource.changes.count {
            out += "<p class=\"dim\">\(resource.changes.count - shown.count) noise change(s) folded (--show-noise lists them)</p>\n"
        }
        return out + "</details>\n"
    }

    static func select(_ id: String, _ all: String, _ values: [String]) -> String {
        "<label>\(id) <select id=\"\(id)\"><option value=\"\">\(all)</option>"
            + values.map { "<option>\(escape($0))</option>" }.joined() + "</select></label>\n"
    }

    /// Text safe in HTML content and attribute values.
    /// A digest line with its old and new values marked, as the tables' from/to cells are.
    static func spans(_ line: ReportDigest.Line) -> String {
        line.spans.map { span in
            switch span.role {
            case .plain: escape(span.text)
            case .old: "<span class=\"from\">\(escape(span.text))</span>"
            case .new: "<span class=\"to\">\(escape(span.text))</span>"
            }
        }.joined()
    }

    static func escape(_ text: String) -> String { text.htmlEscaped }

    static let style = """
        body{font:14px/1.45 system-ui,sans-serif;margin:1.5em auto;max-width:80em;padding:0 1em;color:#1f2328}
        h1{font-size:1.3em;margin:.2em 0}h2{font-size:1.1em;border-bottom:1px solid #d0d7de;padding-bottom:.2em;margin-top:1.5em}
        .dim{color:#59636e}.risk{color:#9a3412}.critical{color:#b91c1c}.warnings{background:#fff8e1;padding:.2em 1em;border-radius:6px}
        table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border:1px solid #d0d7de;padding:.25em .5em;text-align:left;vertical-align:top}
        th{background:#f6f8fa}td.from,span.from{background:#fff0f0}td.to,span.to{background:#effff4}pre{margin:0;white-space:pre-wrap;word-break:break-word}
        code{font:12px ui-monospace,monospace}details.resource{border:1px solid #d0d7de;border-radius:6px;margin:.3em 0;padding:.3em .6em}
        details.resource.risk{border-left:4px solid #d97706}.filters{display:flex;gap:1em;flex-wrap:wrap;margin:.5em 0}
        @media print{.filters{display:none}details.resource{break-inside:avoid}}
        """

    static let script = """
        (function(){
          var ids=['kind','namespace','risk','search'];
          function apply(){
            var kind=document.getElementById('kind').value, ns=document.getElementById('namespace').value,
                risk=document.getElementById('risk').value, text=document.getElementById('search').value.toLowerCase();
            var shown=0, all=document.querySelectorAll('#resources details');
            all.forEach(function(d){
              var ok=(!kind||d.dataset.kind===kind)&&(!ns||d.dataset.namespace===ns)&&(!risk||d.dataset.risk===risk)
                &&(!text||d.textContent.toLowerCase().indexOf(text)>=0);
              d.style.display=ok?'':'none'; if(ok){shown++;}
            });
            document.getElementById('shown').textContent=shown+' of '+all.length+' resources shown';
          }
          ids.forEach(function(id){document.getElementById(id).addEventListener('input',apply);});
          window.addEventListener('beforeprint',function(){document.querySelectorAll('details').forEach(function(d){d.open=true;});});
          apply();
        })();
        """
}
