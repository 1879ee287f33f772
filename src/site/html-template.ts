/**
 * Markup built with the `html` tag: every interpolated value is escaped unless it is already
 * markup (an `Html` made by this tag), so text that came from a server can only ever become
 * text. Arrays are joined; null, undefined and false render nothing.
 *
 *   html`<p>${tool.description}</p>`          escaped
 *   html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`   nested markup kept
 *
 * `trustedHtml` wraps markup written by this program (never anything a server said).
 */
import { escapeHtml } from './escape-html.js';

export class Html {
  readonly #markup: string;

  constructor(markup: string) {
    this.#markup = markup;
  }

  toString(): string {
    return this.#markup;
  }
}

export type HtmlValue = Html | string | number | null | undefined | false | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.toString();
  if (typeof value === 'number') return escapeHtml(String(value));
  if (typeof value === 'string') return escapeHtml(value);
  let out = '';
  for (const item of value) out += render(item);
  return out;
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i += 1) out += render(values[i]) + (strings[i + 1] ?? '');
  return new Html(out);
}

/** Markup this program wrote itself (constants, generated SVG numbers): never server text. */
export function trustedHtml(markup: string): Html {
  return new Html(markup);
}

/** Items joined by a separator (both escaped unless markup). */
export function joinHtml(items: readonly HtmlValue[], separator: HtmlValue): Html {
  let out = '';
  items.forEach((item, index) => {
    if (index > 0) out += render(separator);
    out += render(item);
  });
  return new Html(out);
}
