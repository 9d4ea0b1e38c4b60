import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileMapping } from './compile-mapping.ts';
import type { FieldMapping } from './mapping-types.ts';
import { validateMapping } from './validate-mapping.ts';

type Example = { title: string; mapping: FieldMapping; payload: unknown; result: unknown };

function readExamples(): Example[] {
  const text = readFileSync(new URL('./README.md', import.meta.url), 'utf8');
  const examples: Example[] = [];
  let title = '';
  const blocks = text.matchAll(/^## (.+)$|^```jsonc\n([\s\S]*?)^```$/gm);
  for (const match of blocks) {
    if (match[1] !== undefined) {
      title = match[1];
      continue;
    }
    const sections = match[2]!.split(/^\/\/ (mapping|payload|result)\n/m);
    const part = (name: string): unknown => JSON.parse(sections[sections.indexOf(name) + 1]!);
    examples.push({ title, mapping: part('mapping') as FieldMapping, payload: part('payload'), result: part('result') });
  }
  return examples;
}

describe('README examples', () => {
  const examples = readExamples();

  it('finds the documented examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(8);
  });

  for (const [i, example] of examples.entries()) {
    it(`example ${i + 1} (${example.title}) is valid and resolves as documented`, () => {
      expect(validateMapping(example.mapping)).toEqual([]);
      expect(compileMapping(example.mapping)(example.payload)).toStrictEqual(example.result);
    });
  }
});
