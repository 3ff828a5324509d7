import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import {
  TRUNCATION_MARKER,
  escapeSlackText,
  plainMetadataText,
  slackCodeBlock,
  slackInlineCode,
} from '../../../shared/alerts/escape-slack.js';
import { renderReport } from '../../../shared/report/render-text.js';
import { buildReport } from './report-fixtures.js';

/** Slack control sequences that would ping or link if they survived. */
const CONTROL_SEQUENCE = /<[!@#]|<https?:/;

describe('escapeSlackText', () => {
  it('turns channel, here and user mentions into visible text that cannot ping', () => {
    // Act
    const escaped = escapeSlackText('boom <!channel> <!here> <@U123ABC> <#C42|general>');

    // Assess
    expect(escaped).toBe('boom &lt;!channel&gt; &lt;!here&gt; &lt;＠U123ABC&gt; &lt;#C42|general&gt;');
    expect(escaped).not.toMatch(CONTROL_SEQUENCE);
  });

  it('defuses bare @channel and @here', () => {
    expect(escapeSlackText('ping @channel and @here')).toBe('ping ＠channel and ＠here');
  });

  it('escapes ampersands and angle brackets as Slack entities', () => {
    expect(escapeSlackText('a & b < c > d')).toBe('a &amp; b &lt; c &gt; d');
  });

  it('neutralises bold, italic, strike and code markers in prose', () => {
    // Act
    const escaped = escapeSlackText('*bold* _italic_ ~strike~ `code`');

    // Assess
    expect(escaped).not.toMatch(/[*~`]/);
    expect(escaped).not.toMatch(/(^|\s)_|_(\s|$)/);
    expect(escaped).toBe('∗bold∗ ˍitalicˍ ∼strike∼ ˋcodeˋ');
  });

  it('keeps underscores inside names, where Slack cannot start italics', () => {
    expect(escapeSlackText('web_api_v2')).toBe('web_api_v2');
  });

  it('puts multi-line text on one line and drops control and bidi characters', () => {
    expect(escapeSlackText('line one\n\n*line two*\u0007\u202Eevil')).toBe('line one ∗line two∗evil');
  });

  it('cuts long text cleanly with the truncation marker, within the limit', () => {
    // Act
    const escaped = escapeSlackText('x'.repeat(100_000), 120);

    // Assess
    expect(escaped.length).toBeLessThanOrEqual(120);
    expect(escaped.endsWith(TRUNCATION_MARKER)).toBe(true);
  });

  it('never cuts through an entity', () => {
    // Act
    const escaped = escapeSlackText('&'.repeat(50), 30);

    // Assess
    expect(escaped.replace(` ${TRUNCATION_MARKER}`, '')).toMatch(/^(&amp;)+$/);
  });

  it('never splits emoji or Hangul syllables when cutting', () => {
    // Act
    const escaped = escapeSlackText('👨‍👩‍👧‍👦 가나다라마바사 '.repeat(30), 40);

    // Assess
    expect(escaped.length).toBeLessThanOrEqual(40);
    expect(escaped).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(escaped.startsWith('👨‍👩‍👧‍👦 가나다라마바사')).toBe(true);
  });

  it('replaces broken surrogate halves so the text stays valid UTF-8', () => {
    expect(escapeSlackText('bad \uD800 half')).toBe('bad \uFFFD half');
  });

  it('keeps any input within the limit and free of live control sequences', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 600 }), fc.integer({ min: 20, max: 400 }), (text, max) => {
        const escaped = escapeSlackText(text, max);
        expect(escaped.length).toBeLessThanOrEqual(max);
        expect(escaped).not.toMatch(/[<>*~`]/);
        expect(escaped).not.toMatch(/&(?!amp;|lt;|gt;)/);
      })
    );
  });
});

describe('slackInlineCode', () => {
  it('wraps a name in backticks and keeps it copyable', () => {
    expect(slackInlineCode('my_service*1')).toBe('`my_service*1`');
  });

  it('replaces backticks so the span cannot close early', () => {
    // Act
    const code = slackInlineCode('a`b <!channel>');

    // Assess
    expect(code).toBe('`aˋb &lt;!channel&gt;`');
    expect(code.split('`')).toHaveLength(3);
  });

  it('shows a dash for empty text, which Slack would print as bare backticks', () => {
    expect(slackInlineCode('  ')).toBe('`-`');
  });
});

describe('slackCodeBlock', () => {
  it('keeps lines and escapes entities inside the fence', () => {
    expect(slackCodeBlock('aws ec2 a && b\naws ec2 <c>')).toBe('```aws ec2 a &amp;&amp; b\naws ec2 &lt;c&gt;```');
  });

  it('cannot be closed early by a fence in the text', () => {
    // Act
    const block = slackCodeBlock('before ``` <!here> ``` after');

    // Assess
    expect(block.match(/```/g)).toHaveLength(2);
    expect(block).not.toMatch(CONTROL_SEQUENCE);
  });

  it('bounds a huge stop reason', () => {
    // Act
    const block = slackCodeBlock(`CannotPullContainerError: ${'a'.repeat(50_000)}`, 500);

    // Assess
    expect(block.length).toBeLessThanOrEqual(506);
    expect(block.endsWith(`${TRUNCATION_MARKER}\`\`\``)).toBe(true);
  });
});

describe('plainMetadataText', () => {
  it('keeps IDs exact, underscores and asterisks included', () => {
    expect(plainMetadataText('arn:aws:iam::123456789012:role/ecs_task*exec', 256)).toBe(
      'arn:aws:iam::123456789012:role/ecs_task*exec'
    );
  });

  it('escapes angle brackets and bounds the length', () => {
    expect(plainMetadataText(`<!channel>${'x'.repeat(400)}`, 50)).toMatch(/^&lt;!channel&gt;x+ … \(truncated\)$/);
  });
});

describe('invisible characters', () => {
  /** Every character the issue names: U+200B-U+200F, U+2028-U+202E, U+2060-U+2064, U+FEFF. */
  const INVISIBLE = [
    ...Array.from({ length: 5 }, (_, index) => 0x200b + index),
    ...Array.from({ length: 7 }, (_, index) => 0x2028 + index),
    ...Array.from({ length: 5 }, (_, index) => 0x2060 + index),
    0xfeff,
  ].map((code) => String.fromCodePoint(code));

  it('cannot hide a mention: @<U+200B>channel is defused like @channel', () => {
    expect(escapeSlackText('ping @\u200Bchannel now')).toBe('ping ＠channel now');
    expect(slackInlineCode('@\u200Bhere')).toBe('`＠here`');
    expect(plainMetadataText('@\uFEFFchannel', 100)).toBe('＠channel');
  });

  it('are stripped from prose, code, code blocks and metadata', () => {
    for (const character of INVISIBLE) {
      const text = `ecr${character}.api`;
      for (const escaped of [escapeSlackText(text), slackInlineCode(text), slackCodeBlock(text), plainMetadataText(text, 100)]) {
        expect({ codePoint: character.codePointAt(0), kept: escaped.includes(character) }).toEqual({
          codePoint: character.codePointAt(0),
          kept: false,
        });
        expect(escaped).toContain('ecr.api');
      }
    }
  });

  it('keeps the zero-width joiner inside an emoji sequence', () => {
    expect(escapeSlackText('team 👨‍👩‍👧')).toBe('team 👨‍👩‍👧');
    expect(escapeSlackText('a\u200Db')).toBe('ab');
  });

  it('are stripped from the terminal report too', () => {
    const report = buildReport({ note: 'see @\u200Bchannel \u202Egnp.exe', summary: 'x\u2060y' });
    const text = renderReport(report, { color: false });
    for (const character of INVISIBLE) expect(text).not.toContain(character);
    expect(text).toContain('see @channel gnp.exe');
  });
});
