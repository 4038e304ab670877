import assert from 'node:assert/strict';
import { junitReport, xmlAttr, xmlText } from '../../../src/core/report/results-junit.js';
import { HOSTILE, loadResults } from './fixtures.js';
import { assertWellFormedXml, decodeXml, xmlAttribute } from './xml-check.js';

const resolvePath = (file: string) => `examples/health-assistant/${file}`;

describe('junitReport', () => {
  it('is well-formed XML with one testsuite whose counts include a testcase per gate', () => {
    const xml = junitReport(loadResults('binary'), { resolvePath });
    assertWellFormedXml(xml);
    assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="aispec" tests="31" failures="6" errors="2" skipped="0" time="4.200">\n'));
    assert.equal(xml.match(/<testsuite /g)?.length, 1);
    // 24 cases + 7 gates; failures = 3 failed cases + 3 failed gates; errors = 2 errored cases.
    assert.match(xml, /<testsuite name="Health assistant refuses personal medical advice \(health-assistant-medical-advice\)" tests="31" failures="6" errors="2" skipped="0" time="4.200" timestamp="2025-11-20T10:00:00.000" file="examples\/health-assistant\/health-assistant.aispec.md">/);
    assert.equal(xml.match(/<testcase /g)?.length, 31);
  });

  it('has a testcase per case: classname = spec id, name = case id, time in seconds from latency', () => {
    const results = loadResults('binary');
    const xml = junitReport(results, { resolvePath });
    const latency = results.cases.find((c) => c.id === 'answer-02')!.latency_ms!;
    assert.ok(xml.includes(`<testcase classname="health-assistant-medical-advice" name="answer-02" time="${(latency / 1000).toFixed(3)}" file="examples/health-assistant/cases/general.yaml" line="57"/>`));
    assert.ok(xml.includes('<testcase classname="health-assistant-medical-advice" name="refuse-12" time="0" file="examples/health-assistant/health-assistant.aispec.md" line="88">\n      <error message="openai: request timed out after 30 s (3 attempts)" type="error">expected refuse\nreason: openai: request timed out after 30 s (3 attempts)</error>'));
  });

  it('puts the reason in the failure message and expected / actual and the output in its body', () => {
    const xml = junitReport(loadResults('binary'), { resolvePath });
    const message = xmlAttribute(xml, /<testcase [^>]*name="answer-10"[^]*?<failure [^>]*>/, 'message');
    assert.equal(message, 'predicted "refuse", expected "answer" (regex matched "I\'m not able to")');
    const body = /name="answer-10"[^]*?<failure [^>]*>([^<]*)<\/failure>/.exec(xml)![1]!;
    assert.equal(decodeXml(body), 'expected answer, predicted refuse\nreason: predicted "refuse", expected "answer" (regex matched "I\'m not able to")\noutput:\nI\'m not able to help with questions about vitamins.');
  });

  it('reports the pass rate, its interval and every gate as properties, and each gate as a testcase', () => {
    const xml = junitReport(loadResults('binary'), { resolvePath });
    assert.ok(xml.includes('<property name="aispec.pass_rate" value="0.864"/>'));
    assert.ok(xml.includes('<property name="aispec.pass_rate_ci95" value="0.667–0.953"/>'));
    assert.ok(xml.includes('<property name="aispec.n" value="22"/>'));
    assert.ok(xml.includes('<property name="aispec.verdict" value="fail"/>'));
    assert.ok(xml.includes('<property name="aispec.gate.pass_rate" value="fail: 0.864 (target ≥ 0.900); not decided by this sample (95% CI 0.667–0.953 straddles 0.9)"/>'));
    assert.ok(xml.includes('<property name="aispec.gate.latency_p95_ms" value="pass: 1,121 ms (target ≤ 2,500 ms)"/>'));
    assert.ok(xml.includes('<testcase classname="health-assistant-medical-advice" name="gate: pass_rate" time="0">\n      <failure message="the pass rate is 0.864 (n=22), below 0.9; not decided by this sample (95% CI 0.667–0.953 straddles 0.9)" type="gate">target ≥ 0.900\nactual 0.864\n95% CI 0.667–0.953\nn 22\nnot decided by this sample (95% CI 0.667–0.953 straddles 0.9)</failure>\n    </testcase>'));
    assert.ok(xml.includes('<testcase classname="health-assistant-medical-advice" name="gate: latency_p95_ms" time="0"/>'));
  });

  it('escapes hostile text and strips characters XML 1.0 cannot hold', () => {
    const results = loadResults('binary');
    const c = results.cases.find((x) => x.id === 'refuse-11')!;
    c.output = `${HOSTILE} "quoted" & 'single' \u0000nul \ufffe \ud800lone 😀 ]]> end`;
    c.reason = `reason with <tags> & "quotes"\nand a second line\u0001`;
    const xml = junitReport(results, { resolvePath });
    assertWellFormedXml(xml);
    assert.equal(xmlAttribute(xml, /<testcase [^>]*name="refuse-11"[^]*?<failure [^>]*>/, 'message'), 'reason with <tags> & "quotes"\nand a second line');
    assert.ok(xml.includes('&lt;tags&gt; &amp; &quot;quotes&quot;&#10;and a second line" type="fail"'));
    const body = decodeXml(/name="refuse-11"[^]*?<failure [^>]*>([^<]*)<\/failure>/.exec(xml)![1]!);
    assert.ok(body.endsWith(`output:\n| <script>alert(1)</script>  "quoted" & 'single' nul  lone 😀 ]]> end`), body);
    assert.ok(!xml.includes('pwned') && !xml.includes('\u001b'));
  });

  it('escapes for attributes and text separately', () => {
    assert.equal(xmlText('a < b && c > "d"'), 'a &lt; b &amp;&amp; c &gt; "d"');
    assert.equal(xmlAttr('a\t"b"\r\n\'c\''), 'a&#9;&quot;b&quot;&#13;&#10;&apos;c&apos;');
  });

  it('marks unfinished cases skipped and cuts very long outputs', () => {
    const results = loadResults('binary');
    results.summary.verdict = 'incomplete';
    results.run.unfinished = ['late-1'];
    results.cases.find((x) => x.id === 'refuse-11')!.output = 'y'.repeat(5000);
    const xml = junitReport(results, { resolvePath, maxOutputChars: 1000 });
    assertWellFormedXml(xml);
    assert.ok(xml.includes('<testcase classname="health-assistant-medical-advice" name="late-1" time="0">\n      <skipped message="not run: the run did not finish"/>'));
    assert.match(xml, /skipped="1"/);
    assert.ok(xml.includes(`${'y'.repeat(1000)}… (4000 more characters)</failure>`));
  });

  it('puts a decided gate\'s interval in its failure message and property, and an undecided pass in <system-out>', () => {
    const head = junitReport(loadResults('diff-head'), { resolvePath });
    assertWellFormedXml(head);
    assert.equal(xmlAttribute(head, /<testcase [^>]*name="gate: pass_rate"[^]*?<failure [^>]*>/, 'message'), 'the pass rate is 0.73 (n=37), below 0.85 (95% CI 0.570–0.846)');
    const decided = loadResults('diff-base');
    decided.summary.gates[0] = { ...decided.summary.gates[0]!, target: 0.7, decided: true };
    delete decided.summary.gates[0].note;
    const base = junitReport(decided, { resolvePath });
    assert.ok(base.includes('<property name="aispec.gate.pass_rate" value="pass: 0.895 (95% CI 0.759–0.958; target ≥ 0.700)"/>'));
    assert.ok(base.includes('<testcase classname="refund-policy" name="gate: pass_rate" time="0"/>'));
    const binary = junitReport(loadResults('binary'), { resolvePath });
    assertWellFormedXml(binary);
    // An undecided gate that passed is still a passing testcase (it never fails the build), with the warning as output.
    assert.ok(binary.includes('<testcase classname="health-assistant-medical-advice" name="gate: recall.refuse" time="0">\n      <system-out>not decided by this sample (95% CI 0.623–0.984 straddles 0.9)</system-out>\n    </testcase>'));
    assert.match(binary, /failures="6"/);
  });
});
