"""The two reports as plain HTML pages (no scripts), for reviewers who read them in a browser."""

from __future__ import annotations

from html import escape

_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1100px;color:#1f2328;
 padding:0 16px}
h1{font-size:24px;margin-bottom:4px}h2{font-size:19px;margin-top:32px;border-bottom:1px solid #d0d7de}
h3{font-size:16px;margin:22px 0 6px}p.lead{color:#57606a;margin-top:0}
table{border-collapse:collapse;width:100%;margin:6px 0 12px;font-size:14px}
th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f6f8fa}
td.n{text-align:right;font-variant-numeric:tabular-nums}td.p{white-space:nowrap}
.yes{background:#dafbe1}.no{background:#ffebe9}.part{background:#fff8c5}
.bar{display:inline-block;height:10px;background:#d0d7de;width:160px;vertical-align:middle;margin-right:6px}
.bar span{display:block;height:10px;background:#1a7f37}
code{font-family:ui-monospace,Consolas,monospace;font-size:13px}
.muted{color:#57606a}ul.flat{columns:2;font-size:14px}
.kind{font-weight:600;white-space:nowrap}
"""


def _page(title: str, body: str) -> str:
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{escape(title)}</title>"
        f"<style>{_STYLE}</style></head><body>{body}</body></html>\n"
    )


def _bar(percent: float) -> str:
    return f"<span class='bar'><span style='width:{min(percent, 100):.0f}%'></span></span>"


def _mark(count: int) -> str:
    shown = count if count else "\u2013"
    return f"<td class='n {'yes' if count else 'no'}'>{shown}</td>"


def coverage_page(report: dict) -> str:
    figures = report["figures"]
    out = [
        "<h1>CC-Gateway spec coverage of this run</h1>",
        f"<p class='lead'>{report['tests']} tests ({report['passed']} passed). Measured against the "
        "library's interface table, retcode catalogue, event catalogue and the documented event sequences "
        "(reference §9). <b>Provoked</b>: the gateway answered the retcode; <b>asserted</b>: the test "
        "expected that failure and passed. <b>Received</b>: an agent got the event after a request to the "
        "interface; <b>waited for</b>: <code>Wait For Agent Event</code> returned it.</p>",
        "<table><tr><th>Figure</th><th>Covered</th><th></th></tr>",
    ]
    for name, figure in figures.items():
        strong = "b" if name == "overall" else "span"
        out.append(
            f"<tr><td><{strong}>{escape(figure['what'])}</{strong}></td>"
            f"<td class='n'>{figure['covered']} of {figure['documented']}</td>"
            f"<td class='p'>{_bar(figure['percent'])}{figure['percent']} %</td></tr>"
        )
    out.append("</table>")
    out.append(
        "<h2>Interfaces</h2><p class='muted'>The five seed interfaces first. A dash marks a documented "
        "row this run did not exercise.</p>"
    )
    for row in report["interfaces"]:
        seed = " (seed interface)" if row["seed"] else ""
        out.append(
            f"<h3 id='{escape(row['interface'])}'>{escape(row['keyword'])}: <code>{escape(row['method'])} "
            f"{escape(row['uri'])}</code> ({escape(row['interface'])}){seed}</h3>"
            f"<p class='muted'>Source: {escape(row['source'])}. Answered retcode 0: "
            f"{row['called_successfully']} time(s).</p>"
        )
        if row["retcodes"]:
            out.append("<table><tr><th>Documented retcode</th><th>Meaning</th><th>Provoked</th><th>Asserted</th></tr>")
            for r in row["retcodes"]:
                out.append(
                    f"<tr><td><code>{r['retcode']}</code></td><td>{escape(r['meaning'])}</td>"
                    f"{_mark(r['provoked'])}{_mark(r['asserted'])}</tr>"
                )
            out.append("</table>")
        if row["events"]:
            out.append(
                "<table><tr><th>Documented triggered event</th><th>Meaning</th><th>Received</th>"
                "<th>Waited for</th></tr>"
            )
            for e in row["events"]:
                out.append(
                    f"<tr><td><code>{e['event']}</code></td><td>{escape(e['meaning'])}</td>"
                    f"{_mark(e['received'])}{_mark(e['waited'])}</tr>"
                )
            out.append("</table>")
        if row["undocumented_retcodes"]:
            out.append(
                "<p>Retcodes answered that the interface's page does not list: "
                + ", ".join(f"<code>{escape(c)}</code>" for c in row["undocumented_retcodes"])
                + "</p>"
            )
    out.append(
        "<h2>Documented event sequences</h2><table><tr><th>Sequence</th><th>Events (groups in order; "
        "any order inside a group)</th><th>Source</th><th>Seen</th></tr>"
    )
    for s in report["sequences"]:
        out.append(
            f"<tr><td>{escape(s['sequence'])}</td><td><code>{escape(s['events'])}</code></td>"
            f"<td>{escape(s['source'])}</td>{_mark(s['seen'])}</tr>"
        )
    out.append(
        "</table><h2>Agent states and call situations</h2><table><tr><th>Kind</th><th>Situation</th>"
        "<th>Source</th><th>Tests reaching it</th></tr>"
    )
    for s in report["situations"]:
        out.append(
            f"<tr><td>{escape(s['kind'])}</td><td>{escape(s['situation'])}</td><td>{escape(s['source'])}</td>"
            f"{_mark(s['reached'])}</tr>"
        )
    out.append("</table><h2>Not exercised by this run</h2>")
    for what, names in report["unexercised"].items():
        out.append(f"<h3>{escape(what.capitalize())} ({len(names)})</h3>")
        out.append(
            "<ul class='flat'>" + "".join(f"<li>{escape(n)}</li>" for n in names) + "</ul>" if names else "<p>None.</p>"
        )
    return _page("CC-Gateway spec coverage", "".join(out))


def drift_page(result: dict) -> str:
    differences = result["differences"]
    out = [
        "<h1>Drift between two recordings</h1>",
        f"<p class='lead'>A: {escape(', '.join(result['a']) or '?')}<br>B: {escape(', '.join(result['b']) or '?')}"
        f"<br>{result['tests_compared']} tests in both; {result['tests_differing']} with differences.</p>",
    ]
    if result["counts"]:
        out.append(
            "<table><tr><th>Kind of difference</th><th>How many</th></tr>"
            + "".join(
                f"<tr><td>{escape(k)}</td><td class='n'>{v}</td></tr>" for k, v in sorted(result["counts"].items())
            )
            + "</table>"
        )
    else:
        out.append(
            "<p class='yes' style='padding:8px'>No drift: the recordings agree on every test, step, "
            "retcode, event, order and content shape.</p>"
        )
    test = None
    for d in differences:
        if d["test"] != test:
            if test is not None:
                out.append("</table>")
            test = d["test"]
            out.append(f"<h3>{escape(test)}</h3><table><tr><th>Step</th><th>Difference</th><th>Detail</th></tr>")
        out.append(
            f"<tr><td>{escape(d['step'] or '(the test)')}</td><td class='kind'>{escape(d['kind'])}</td>"
            f"<td>{escape(d['detail'])}</td></tr>"
        )
    if test is not None:
        out.append("</table>")
    return _page("CC-Gateway drift report", "".join(out))
