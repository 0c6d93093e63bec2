"""JUnit XML: one testsuite per document, one testcase per aligned pair.

CI systems that know nothing of translations still show which pairs failed:
every flag at or above ``--fail-on`` that the baseline does not accept is a
``<failure>``; other flags are listed in the testcase's ``<system-out>``.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET

from translate_check.results import CorpusResult, DocumentResult, Finding, reaches

# Characters XML 1.0 cannot hold even escaped; a stray one would make the file unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _suite(doc: DocumentResult, fail_on: str) -> ET.Element:
    suite = ET.Element("testsuite", name=doc.name)
    props = ET.SubElement(suite, "properties")
    for name, value in (
        ("kind", doc.kind),
        ("source", doc.report.source.path or ""),
        ("target", doc.report.target.path or ""),
        ("signature", doc.report.signature.format()),
    ):
        ET.SubElement(props, "property", name=name, value=value)
    locations = doc.locations()
    by_pair: dict[int, list[Finding]] = {}
    for finding in doc.findings:
        by_pair.setdefault(finding.pair.id, []).append(finding)
    failed = 0
    for pair in doc.report.pairs:
        where = locations[pair.id]
        case = ET.SubElement(
            suite,
            "testcase",
            name=f"pair-{pair.id}",
            classname=doc.name,
            file=where.path,
            line=str(where.line),
            time="0",
        )
        notes = []
        for finding in by_pair.get(pair.id, []):
            flag = finding.flag
            if not finding.accepted and reaches(flag.severity, fail_on):
                failure = ET.SubElement(
                    case, "failure", message=f"{flag.type}: {flag.message}", type=flag.type
                )
                failure.text = (
                    f"{where.path}:{where.line}:{where.column} {flag.severity} {flag.type}\n"
                    f"Hebrew:  {pair.src_text}\nEnglish: {pair.tgt_text}\nMT:      {pair.mt_text}"
                )
            else:
                status = "accepted in baseline" if finding.accepted else flag.severity
                notes.append(f"{flag.type} ({status}): {flag.message}")
        if case.find("failure") is not None:
            failed += 1
        if notes:
            ET.SubElement(case, "system-out").text = "\n".join(notes)
    suite.set("tests", str(len(doc.report.pairs)))
    suite.set("failures", str(failed))
    suite.set("errors", "0")
    suite.set("skipped", "0")
    suite.set("time", "0")
    return suite


def render_junit(result: CorpusResult, fail_on: str) -> str:
    """The whole corpus as one ``<testsuites>`` document."""
    root = ET.Element("testsuites", name="translate-check")
    suites = [_suite(doc, fail_on) for doc in result.documents]
    root.extend(suites)
    for attribute in ("tests", "failures", "errors"):
        root.set(attribute, str(sum(int(s.get(attribute, "0")) for s in suites)))
    root.set("time", "0")
    for element in root.iter():
        element.text = _clean(element.text) if element.text else element.text
        for name, value in element.attrib.items():
            element.set(name, _clean(value))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
