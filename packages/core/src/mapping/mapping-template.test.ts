import { describe, expect, it } from 'vitest';
import { compileMappingTemplate, parseMappingTemplate, renderTemplateValue } from './mapping-template.ts';

function render(template: string, payload: unknown) {
  const parsed = parseMappingTemplate(template);
  if (!parsed.ok) throw new Error(parsed.message);
  return compileMappingTemplate(parsed.parts)(payload);
}

function failure(template: string) {
  const parsed = parseMappingTemplate(template);
  if (parsed.ok) throw new Error(`expected ${template} to fail`);
  return { message: parsed.message, position: parsed.position };
}

describe('parseMappingTemplate', () => {
  it('splits text and placeholders', () => {
    expect(parseMappingTemplate('Hi {{ traits.name }}!')).toEqual({
      ok: true,
      parts: [{ text: 'Hi ' }, { path: ['traits', 'name'] }, { text: '!' }],
    });
    expect(parseMappingTemplate('')).toEqual({ ok: true, parts: [] });
    expect(parseMappingTemplate('{{{a}}}{{$.b[0]}}')).toEqual({ ok: true, parts: [{ path: ['a'] }, { path: ['b', 0] }] });
  });

  it('reports unterminated and empty placeholders with their position', () => {
    expect(failure('Hello {{name')).toEqual({ message: 'unterminated placeholder "{{" at position 6', position: 6 });
    expect(failure('{{a}} {{{b}}')).toEqual({ message: 'unterminated placeholder "{{{" at position 6', position: 6 });
    expect(failure('x {{  }}')).toEqual({ message: 'empty placeholder at position 2', position: 2 });
  });

  it('reports bad placeholder paths with the position in the template', () => {
    expect(failure('ab {{ a..b }}')).toEqual({
      message: 'placeholder "{{ a..b }}" at position 3: expected a key after "." at position 2 of the path',
      position: 8,
    });
    expect(failure('{{__proto__.x}}').message).toContain('forbidden key "__proto__"');
    expect(failure('{{constructor}}').message).toContain('forbidden key "constructor"');
  });
});

describe('compiled templates', () => {
  const payload = {
    traits: { name: 'Ada', 'first name': 'Ada L.', address: { city: 'London' }, age: 36, vip: false, none: null },
    properties: { items: [{ sku: 'A' }, { sku: 'B' }], tags: ['x', 'y'] },
    userId: 'u1',
  };

  it('fills nested, quoted and indexed paths', () => {
    expect(render('{{traits.address.city}}', payload)).toBe('London');
    expect(render('{{traits["first name"]}} ({{userId}})', payload)).toBe('Ada L. (u1)');
    expect(render('{{properties.items[1].sku}}{{{properties.items[0].sku}}}', payload)).toBe('BA');
  });

  it('renders missing and null values as empty strings', () => {
    expect(render('Hello, {{traits.fullName}}!', payload)).toBe('Hello, !');
    expect(render('[{{traits.none}}][{{nope.deeper.still}}]', payload)).toBe('[][]');
    expect(render('{{traits.name}}', undefined)).toBe('');
  });

  it('renders numbers, booleans, objects and arrays', () => {
    expect(render('{{traits.age}}/{{traits.vip}}', payload)).toBe('36/false');
    expect(render('{{traits.address}}', payload)).toBe('{"city":"London"}');
    expect(render('{{properties.tags}}', payload)).toBe('["x","y"]');
  });

  it('keeps text without placeholders and stray braces as-is', () => {
    expect(render('no placeholders', payload)).toBe('no placeholders');
    expect(render('a }} b { c', payload)).toBe('a }} b { c');
    expect(render('{{traits.name}}}', payload)).toBe('Ada}');
  });

  it('never reads inherited members', () => {
    expect(render('{{traits.name.length}}{{traits.toString}}', payload)).toBe('');
  });
});

describe('renderTemplateValue', () => {
  it('stringifies each kind of value', () => {
    expect(renderTemplateValue(undefined)).toBe('');
    expect(renderTemplateValue(null)).toBe('');
    expect(renderTemplateValue('s')).toBe('s');
    expect(renderTemplateValue(1.5)).toBe('1.5');
    expect(renderTemplateValue(10n)).toBe('10');
    expect(renderTemplateValue({ a: [1] })).toBe('{"a":[1]}');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(renderTemplateValue(cyclic)).toBe('');
  });
});
